package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;

/** A Principal subclass: a machine. */
@Entity
public class Robot extends Principal {
    String detail;

    protected Robot() {
    }

    Robot(Long id, String username, String detail) {
        super(id, username);
        this.detail = detail;
    }
}
