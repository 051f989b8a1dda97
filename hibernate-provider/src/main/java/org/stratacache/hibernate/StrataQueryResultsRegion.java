package org.stratacache.hibernate;

import org.hibernate.cache.spi.ExtendedStatisticsSupport;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.support.QueryResultsRegionTemplate;

/** A query-results region over one core region, with element counts for Hibernate's statistics. */
final class StrataQueryResultsRegion extends QueryResultsRegionTemplate implements ExtendedStatisticsSupport {
    private final DirectStorage storage;

    StrataQueryResultsRegion(String name, RegionFactory factory, DirectStorage storage) {
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
