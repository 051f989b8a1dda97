package org.stratacache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Unversioned READ_WRITE entity: only soft locks and timestamps keep its cache entry fresh. */
@Entity
@Table(name = "stock")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Stock {
    @Id
    private Long id;

    private long quantity;

    protected Stock() {
    }

    public Stock(Long id, long quantity) {
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
