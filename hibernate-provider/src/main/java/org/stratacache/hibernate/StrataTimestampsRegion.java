package org.stratacache.hibernate;

import org.hibernate.cache.spi.ExtendedStatisticsSupport;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.support.TimestampsRegionTemplate;

/**
 * The update-timestamps region: per table (query space), the timestamp of its last change. A missing entry
 * reads as "never changed", so the core region behind it never expires and is never evicted.
 */
final class StrataTimestampsRegion extends TimestampsRegionTemplate implements ExtendedStatisticsSupport {
    private final DirectStorage storage;

    StrataTimestampsRegion(String name, RegionFactory factory, DirectStorage storage) {
        super(name, factory, storage);
        this.storage = storage;
    }

    @Override
    public long getElementCountInMemory() {
        return storage.region().stats().size();
    }

    @Override
    public long getElementCountOnDisk() {
        return 0;
    }

    @Override
    public long getSizeInMemory() {
        return -1;
    }
}
