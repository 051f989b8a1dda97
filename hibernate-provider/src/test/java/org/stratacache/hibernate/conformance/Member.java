package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** An immutable natural id, cached READ_WRITE. */
@Entity
@Table(name = "cf_member")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Member {
    @Id
    Long id;
    @NaturalId
    String email;
    String name;

    protected Member() {
    }

    Member(Long id, String email, String name) {
        this.id = id;
        this.email = email;
        this.name = name;
    }
}
