package org.stratacache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Cached TRANSACTIONAL: Strata must refuse it at start. */
@Entity
@Table(name = "ledger")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
public class Ledger {
    @Id
    private Long id;

    protected Ledger() {
    }
}
