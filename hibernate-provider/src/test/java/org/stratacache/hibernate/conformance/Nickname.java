package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A mutable natural id, cached TRANSACTIONAL. */
@Entity
@Table(name = "cf_nickname")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
@NaturalIdCache
public class Nickname {
    @Id
    Long id;
    @NaturalId(mutable = true)
    String nick;

    protected Nickname() {
    }

    Nickname(Long id, String nick) {
        this.id = id;
        this.nick = nick;
    }
}
