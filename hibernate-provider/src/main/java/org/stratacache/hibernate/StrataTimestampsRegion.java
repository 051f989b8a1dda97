package org.stratacache.hibernate;

import java.util.function.LongSupplier;

import org.hibernate.cache.spi.ExtendedStatisticsSupport;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.support.TimestampsRegionTemplate;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The update-timestamps region: per table (query space), the timestamp of its last change. A missing entry
 * reads as "never changed", so the core region behind it never expires and is never evicted.
 *
 * <p><b>Clock skew.</b> Hibernate keeps a cached query result while the timestamp of its spaces' last change is
 * older than the result's (the timestamp of the session that cached it). On a tier shared by several processes
 * those timestamps come from different members' cluster clocks, which agree only to a few milliseconds: a session
 * on node A that ran the query just before node B's commit could carry a timestamp later than the one B stamped on
 * the change, and its old result would then pass for current until it expired (the distributed test that saw node
 * A serve a deleted row 5 s after the delete). So each change is recorded {@link Timestamper#skewAllowance() the
 * skew allowance} later than its clock said: results cached within that margin after a change are not served (they
 * cost a miss, and the next session caches again). On the local tier the allowance is 0: one clock orders all.
 */
final class StrataTimestampsRegion extends TimestampsRegionTemplate implements ExtendedStatisticsSupport {
    private final DirectStorage storage;
    private final LongSupplier skewAllowance;

    StrataTimestampsRegion(String name, RegionFactory factory, DirectStorage storage, LongSupplier skewAllowance) {
        super(name, factory, storage);
        this.storage = storage;
        this.skewAllowance = skewAllowance;
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        super.putIntoCache(key, value instanceof Long changedAt ? changedAt + skewAllowance.getAsLong() : value,
                session);
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
