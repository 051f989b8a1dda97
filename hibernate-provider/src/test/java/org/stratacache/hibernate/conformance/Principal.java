package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** Single-table root with an inherited natural id, cached TRANSACTIONAL; subclasses share its regions. */
@Entity
@Table(name = "cf_principal")
@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
@NaturalIdCache
public class Principal {
    @Id
    Long id;
    @NaturalId
    String username;

    protected Principal() {
    }

    Principal(Long id, String username) {
        this.id = id;
        this.username = username;
    }
}
