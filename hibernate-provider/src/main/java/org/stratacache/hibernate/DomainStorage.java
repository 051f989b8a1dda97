package org.stratacache.hibernate;

import java.util.function.UnaryOperator;

import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.stratacache.core.Region;

/**
 * Storage of one entity/collection/natural-id region: a core {@link Region} holding Hibernate's cache
 * entries by reference, plus the {@link LoadCoalescer} that makes concurrent misses of one key wait for a
 * single database load.
 *
 * <p>Hibernate's READ_ONLY and NONSTRICT_READ_WRITE strategies use it through the plain
 * {@link DomainDataStorageAccess} methods; Strata's READ_WRITE strategy ({@link ReadWriteAccess}) also uses
 * {@link #update} and {@link #updateFromLoad}, the atomic per-key transitions its soft locks need.
 */
final class DomainStorage implements DomainDataStorageAccess {
    private final Region<Object, Object> region;
    private final LoadCoalescer coalescer;

    DomainStorage(Region<Object, Object> region, LoadCoalescer coalescer) {
        this.region = region;
        this.coalescer = coalescer;
    }

    Region<Object, Object> region() {
        return region;
    }

    LoadCoalescer coalescer() {
        return coalescer;
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        Object value = region.get(key);
        return value != null ? value : coalescer.onMiss(key, session);
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        region.put(key, value);
        coalescer.loaded(key, value);
    }

    @Override
    public void putFromLoad(Object key, Object value, SharedSessionContractImplementor session) {
        region.put(key, value);
        coalescer.loaded(key, value);
    }

    /** Atomically replaces the key's value by {@code transition(current)}; loads in flight are cancelled. */
    Object update(Object key, UnaryOperator<Object> transition) {
        Object now = region.compute(key, (k, current) -> transition.apply(current));
        coalescer.cancel(key);
        return now;
    }

    /** As {@link #update}, for a value just loaded: sessions waiting for this load get the outcome. */
    Object updateFromLoad(Object key, UnaryOperator<Object> transition) {
        Object now = region.compute(key, (k, current) -> transition.apply(current));
        coalescer.loaded(key, now);
        return now;
    }

    @Override
    public void removeFromCache(Object key, SharedSessionContractImplementor session) {
        evictData(key);
    }

    @Override
    public void clearCache(SharedSessionContractImplementor session) {
        evictData();
    }

    @Override
    public boolean contains(Object key) {
        return region.asJCache().containsKey(key);
    }

    @Override
    public void evictData() {
        region.invalidateAll();
        coalescer.cancelAll();
    }

    @Override
    public void evictData(Object key) {
        region.invalidate(key);
        coalescer.cancel(key);
    }

    @Override
    public void release() {
        coalescer.cancelAll(); // the store owns the region: it is closed with the store
    }
}
