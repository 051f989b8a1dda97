package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A joined {@link Shape} subclass with its own table. */
@Entity
@Table(name = "cf_circle")
public class Circle extends Shape {
    int radius;

    protected Circle() {
    }

    Circle(Long id, String colour, int radius) {
        super(id, colour);
        this.radius = radius;
    }
}
