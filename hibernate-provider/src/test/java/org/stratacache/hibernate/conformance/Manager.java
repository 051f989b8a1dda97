package org.stratacache.hibernate.conformance;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * An entity that is not cached, owning a cached collection: the query cache keeps such an entity's full state
 * and only the collection's key (the shape of Hibernate's {@code CachedQueryShallowCollectionTest}).
 */
@Entity
@Table(name = "cf_manager")
public class Manager {
    @Id
    Long id;
    String name;
    @OneToMany(mappedBy = "manager")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    Set<Clerk> staff = new HashSet<>();

    protected Manager() {
    }

    Manager(Long id, String name) {
        this.id = id;
        this.name = name;
    }
}
