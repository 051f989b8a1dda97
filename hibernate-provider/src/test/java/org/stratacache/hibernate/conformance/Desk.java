package org.stratacache.hibernate.conformance;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An uncached entity reached from {@link Clerk#desk}: the nested join fetch of a cached query. */
@Entity
@Table(name = "cf_desk")
public class Desk {
    @Id
    Long id;
    String label;

    protected Desk() {
    }

    Desk(Long id, String label) {
        this.id = id;
        this.label = label;
    }
}
