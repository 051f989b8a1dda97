package org.stratacache.spring.boot;

import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;

/** The only class of the starter naming the distributed tier (Hazelcast is optional): loaded only for such a store. */
final class DistributedTierState {
    private DistributedTierState() {
    }

    /** {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, or {@code UNKNOWN} when the tier is not Strata's own. */
    static String breaker(RegionStore store) {
        return store.tier() instanceof DistributedTier tier ? tier.stats().breakerState() : "UNKNOWN";
    }

    /**
     * Whether the tier's Hazelcast instance still runs ({@code true} when the tier is not Strata's own). Why apart
     * from the breaker: a member or client that has shut down never comes back, while the breaker, closed until
     * enough operations have failed, would still call the tier healthy.
     */
    static boolean running(RegionStore store) {
        return !(store.tier() instanceof DistributedTier tier)
                || tier.hazelcastInstance().getLifecycleService().isRunning();
    }
}
