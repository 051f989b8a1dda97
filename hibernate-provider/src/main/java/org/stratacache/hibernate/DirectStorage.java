package org.stratacache.hibernate;

import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.stratacache.core.Region;

/**
 * Storage of a query-results or update-timestamps region: plain gets and puts on a core {@link Region}.
 * Hibernate keeps the consistency logic for these regions itself (a query result is checked against the
 * update timestamps of the tables it read).
 *
 * <p>Between JVMs ({@link InvalidationLink}): query results miss while the bus is not trusted, and are not
 * cached when loaded by a transaction that began before the last "invalidate everything"; the update-timestamps
 * region is never gated (a missing timestamp reads as "never changed") and reports every query space Hibernate
 * (pre-)invalidates as changed by the session's transaction.
 */
final class DirectStorage implements StorageAccess {
    private final Region<Object, Object> region;
    private final InvalidationLink link;
    private final boolean timestamps;

    private DirectStorage(Region<Object, Object> region, InvalidationLink link, boolean timestamps) {
        this.region = region;
        this.link = link;
        this.timestamps = timestamps;
    }

    static DirectStorage queryResults(Region<Object, Object> region, InvalidationLink link) {
        DirectStorage storage = new DirectStorage(region, link, false);
        link.registerQueryResults(storage);
        return storage;
    }

    static DirectStorage timestamps(Region<Object, Object> region, InvalidationLink link) {
        DirectStorage storage = new DirectStorage(region, link, true);
        link.registerTimestamps(storage);
        return storage;
    }

    Region<Object, Object> region() {
        return region;
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        if (timestamps) {
            link.seen(key.toString());
        } else if (!link.trusted()) {
            link.missedWhileBusDown();
            return null;
        }
        return region.get(key);
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        if (timestamps) {
            region.put(key, value);
            link.spaceChanged(key.toString(), session);
            return;
        }
        long fence = link.queryFence();
        if (!link.admitsQueryResult(session)) {
            return;
        }
        region.put(key, value);
        if (link.queryFence() != fence) {
            region.compute(key, (k, current) -> current == value ? null : current);
        }
    }

    @Override
    public boolean contains(Object key) {
        return region.asJCache().containsKey(key);
    }

    @Override
    public void evictData() {
        region.invalidateAll();
    }

    @Override
    public void evictData(Object key) {
        region.invalidate(key);
    }

    @Override
    public void release() {
        // the store owns the region: it is closed with the store
    }
}
