package org.stratacache.hibernate;

import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.stratacache.core.Region;

/**
 * Storage of a query-results or update-timestamps region: plain gets and puts on a core {@link Region}.
 * Hibernate keeps the consistency logic for these regions itself (a query result is checked against the
 * update timestamps of the tables it read).
 */
final class DirectStorage implements StorageAccess {
    private final Region<Object, Object> region;

    DirectStorage(Region<Object, Object> region) {
        this.region = region;
    }

    Region<Object, Object> region() {
        return region;
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        return region.get(key);
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        region.put(key, value);
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
