package org.stratacache.hibernate.conformance;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Versioned TRANSACTIONAL entity with a cached, lazy one-to-many. */
@Entity
@Table(name = "cf_author")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
public class Author {
    @Id
    Long id;
    @Version
    int version;
    String name;
    @OneToMany(mappedBy = "author")
    @Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
    Set<Novel> novels = new HashSet<>();

    protected Author() {
    }

    Author(Long id, String name) {
        this.id = id;
        this.name = name;
    }
}
