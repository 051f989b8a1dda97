package org.stratacache.hibernate;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** Cached TRANSACTIONAL (entity, collection and natural id): Strata serves it with READ_WRITE's protocol. */
@Entity
@Table(name = "ledger")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
@NaturalIdCache
public class Ledger {
    @Id
    private Long id;

    @NaturalId
    private String code;

    private String note;

    @ElementCollection
    @Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
    private List<String> entries = new ArrayList<>();

    protected Ledger() {
    }

    public Ledger(Long id, String code) {
        this.id = id;
        this.code = code;
        this.note = code;
    }

    public String note() {
        return note;
    }

    public void rename(String note) {
        this.note = note;
    }

    public String code() {
        return code;
    }

    public List<String> entries() {
        return entries;
    }
}
