package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A versioned TRANSACTIONAL entity, for forced version increments. */
@Entity
@Table(name = "cf_account")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
public class Account {
    @Id
    Long id;
    @Version
    Integer version;
    long balance;

    protected Account() {
    }

    Account(Long id, long balance) {
        this.id = id;
        this.balance = balance;
    }
}
