package org.stratacache.hibernate.conformance;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Owner of a cached one-to-many whose elements have an embedded id. */
@Entity
@Table(name = "cf_basket")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
public class Basket {
    @Id
    Long id;
    @OneToMany(mappedBy = "basket")
    @Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
    Set<BasketLine> lines = new HashSet<>();

    protected Basket() {
    }

    Basket(Long id) {
        this.id = id;
    }
}
