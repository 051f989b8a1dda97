package org.stratacache.hibernate.conformance;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** READ_WRITE entity on the many side of {@link Author#novels}. */
@Entity
@Table(name = "cf_novel")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Novel {
    @Id
    Long id;
    String title;
    @ManyToOne(fetch = FetchType.LAZY)
    Author author;

    protected Novel() {
    }

    Novel(Long id, String title, Author author) {
        this.id = id;
        this.title = title;
        this.author = author;
        author.novels.add(this);
    }
}
