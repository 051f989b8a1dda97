package org.stratacache.hibernate.conformance;

import java.io.Serializable;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity with an embedded id (its basket's id and a line number), element of {@link Basket#lines}. */
@Entity
@Table(name = "cf_basket_line")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class BasketLine {
    @EmbeddedId
    LineId id;
    @MapsId("basket")
    @ManyToOne(fetch = FetchType.LAZY)
    Basket basket;
    String product;

    protected BasketLine() {
    }

    BasketLine(Basket basket, int line, String product) {
        this.id = new LineId(basket.id, line);
        this.basket = basket;
        this.product = product;
        basket.lines.add(this);
    }

    /** The embedded id. */
    @Embeddable
    public record LineId(Long basket, Integer line) implements Serializable {
    }
}
