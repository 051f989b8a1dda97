package org.stratacache.hibernate;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.stratacache.core.tier.distributed.DistributedTier;

/** What the conformance suite (another package) needs to know of the provider's package-private clock. */
public final class ProviderInternals {
    private ProviderInternals() {
    }

    /** How long after an unlock loads stay refused on the distributed tier, in milliseconds. */
    public static long clusterSkewAllowanceMillis() {
        return SoftLockEntry.CLUSTER_SKEW_ALLOWANCE >> Timestamper.SHIFT;
    }

    /** The cache's current time in milliseconds (the cluster's on the distributed tier). */
    public static long cacheTimeMillis(SessionFactory sf) {
        return regionFactory(sf).nextTimestamp() >> Timestamper.SHIFT;
    }

    /** The distributed tier under the SessionFactory's store. */
    public static DistributedTier distributedTier(SessionFactory sf) {
        return (DistributedTier) regionFactory(sf).regionStore().tier();
    }

    private static StrataRegionFactory regionFactory(SessionFactory sf) {
        return (StrataRegionFactory) sf.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }
}
