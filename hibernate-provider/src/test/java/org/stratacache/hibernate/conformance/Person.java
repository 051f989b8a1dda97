package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;

/** A Principal subclass: a human. */
@Entity
public class Person extends Principal {
    String detail;

    protected Person() {
    }

    Person(Long id, String username, String detail) {
        super(id, username);
        this.detail = detail;
    }
}
