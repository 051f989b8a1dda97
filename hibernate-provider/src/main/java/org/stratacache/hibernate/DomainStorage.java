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
 *
 * <p>Between JVMs ({@link InvalidationLink}): while the bus is not trusted every read misses and no load is
 * cached; a removal or clear made by a session is recorded as a change of the tables this region reads, published
 * when the session's transaction commits; another JVM's change of one of them evicts the region
 * ({@link #evictRemotely}) and raises a fence that refuses loads by transactions that began before it.
 */
final class DomainStorage implements DomainDataStorageAccess {
    private final Region<Object, Object> region;
    private final LoadCoalescer coalescer;
    private final InvalidationLink link;
    private final ReleaseTimes releaseTimes;
    /** Loads by transactions whose caching timestamp is not after this are refused (another JVM wrote since). */
    private volatile long loadFence = Long.MIN_VALUE;

    DomainStorage(Region<Object, Object> region, LoadCoalescer coalescer, InvalidationLink link) {
        this.region = region;
        this.coalescer = coalescer;
        this.link = link;
        this.releaseTimes = ReleaseTimes.of(region);
    }

    Region<Object, Object> region() {
        return region;
    }

    LoadCoalescer coalescer() {
        return coalescer;
    }

    /** When this region's keys were last released, for READ_WRITE loads into absent keys. */
    ReleaseTimes releaseTimes() {
        return releaseTimes;
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        if (!link.trusted()) {
            link.missedWhileBusDown();
            return null;
        }
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
        long fence = loadFence;
        if (!admitsLoad(session, fence)) {
            coalescer.cancel(key);
            return;
        }
        region.put(key, value);
        if (loadFence != fence) {
            withdraw(key, value);
            return;
        }
        coalescer.loaded(key, value);
    }

    /** Atomically replaces the key's value by {@code transition(current)}; loads in flight are cancelled. */
    Object update(Object key, UnaryOperator<Object> transition) {
        Object now = region.compute(key, (k, current) -> transition.apply(current));
        coalescer.cancel(key);
        return now;
    }

    /**
     * As {@link #update}, for a value {@code session} just loaded: sessions waiting for this load get the outcome.
     * Returns null without changing anything when the load may be older than a write another JVM made (the bus
     * is not trusted, or the region was evicted for such a write after the session's transaction began).
     */
    Object updateFromLoad(Object key, SharedSessionContractImplementor session, UnaryOperator<Object> transition) {
        long fence = loadFence;
        if (!admitsLoad(session, fence)) {
            coalescer.cancel(key);
            return null;
        }
        Object now = region.compute(key, (k, current) -> transition.apply(current));
        if (loadFence != fence) {
            withdraw(key, now);
            return null;
        }
        coalescer.loaded(key, now);
        return now;
    }

    private boolean admitsLoad(SharedSessionContractImplementor session, long fence) {
        return link.trusted() && (fence == Long.MIN_VALUE || InvalidationLink.cachingTimestamp(session) > fence);
    }

    /**
     * The region was evicted for another JVM's write while {@code stored} was being stored, perhaps before it:
     * takes it out again, unless something else replaced it meanwhile.
     */
    private void withdraw(Object key, Object stored) {
        region.compute(key, (k, current) -> current == stored ? null : current);
        coalescer.cancel(key);
    }

    /** A session changes what this region caches: its tables are published when the transaction commits. */
    void changedBy(SharedSessionContractImplementor session) {
        link.changed(this, session);
    }

    /**
     * Another JVM changed a table this region reads (or the bus may have missed such a change): everything goes,
     * and loads by transactions that began at or before {@code now} are refused from now on.
     */
    void evictRemotely(long now) {
        loadFence = now;
        evictData();
    }

    @Override
    public void removeFromCache(Object key, SharedSessionContractImplementor session) {
        changedBy(session);
        evictData(key);
    }

    @Override
    public void clearCache(SharedSessionContractImplementor session) {
        changedBy(session);
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
