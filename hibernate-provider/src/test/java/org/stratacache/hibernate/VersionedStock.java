package org.stratacache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Versioned READ_WRITE entity: loads may replace a cached entry only with a newer version. */
@Entity
@Table(name = "versioned_stock")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class VersionedStock {
    @Id
    private Long id;

    @Version
    private int version;

    private long quantity;

    protected VersionedStock() {
    }

    public VersionedStock(Long id, long quantity) {
        this.id = id;
        this.quantity = quantity;
    }

    public Long getId() {
        return id;
    }

    public long getQuantity() {
        return quantity;
    }

    public void setQuantity(long quantity) {
        this.quantity = quantity;
    }
}
