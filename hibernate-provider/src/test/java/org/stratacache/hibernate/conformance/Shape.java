package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Joined-inheritance root, cached READ_WRITE; subclasses share its region. */
@Entity
@Table(name = "cf_shape")
@Inheritance(strategy = InheritanceType.JOINED)
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Shape {
    @Id
    Long id;
    String colour;

    protected Shape() {
    }

    Shape(Long id, String colour) {
        this.id = id;
        this.colour = colour;
    }
}
