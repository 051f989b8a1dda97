package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An uncached element of {@link Manager#staff}, with a lazy to-one a query may join fetch. */
@Entity
@Table(name = "cf_clerk")
public class Clerk {
    @Id
    Long id;
    String name;
    @ManyToOne(fetch = FetchType.LAZY)
    Manager manager;
    @ManyToOne(fetch = FetchType.LAZY)
    Desk desk;

    protected Clerk() {
    }

    Clerk(Long id, String name, Manager manager, Desk desk) {
        this.id = id;
        this.name = name;
        this.manager = manager;
        this.desk = desk;
        manager.staff.add(this);
    }
}
