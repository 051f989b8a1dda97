package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.CacheLayout;
import org.hibernate.annotations.QueryCacheLayout;

/**
 * A cached entity whose query-cache layout is FULL: a cached query keeps its whole state, so a hit needs neither
 * the entity region nor the database (the default for a cached entity is SHALLOW: ids only).
 */
@Entity
@Table(name = "cf_tariff")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@QueryCacheLayout(layout = CacheLayout.FULL)
public class Tariff {
    @Id
    Long id;
    String zone;
    int cents;

    protected Tariff() {
    }

    Tariff(Long id, String zone, int cents) {
        this.id = id;
        this.zone = zone;
        this.cents = cents;
    }
}
