package org.stratacache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** The READ_WRITE entity the two JVMs of {@link CrossJvmHibernateTest} share. */
@Entity
@Table(name = "hib_xjvm")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class XjvmItem {
    @Id
    private Long id;

    @Column(name = "val", nullable = false)
    private int val;

    protected XjvmItem() {
    }

    public XjvmItem(Long id, int val) {
        this.id = id;
        this.val = val;
    }

    public Long getId() {
        return id;
    }

    public int getVal() {
        return val;
    }

    public void setVal(int val) {
        this.val = val;
    }
}
