package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A joined {@link Shape} subclass with its own table. */
@Entity
@Table(name = "cf_square")
public class Square extends Shape {
    int side;

    protected Square() {
    }

    Square(Long id, String colour, int side) {
        super(id, colour);
        this.side = side;
    }
}
