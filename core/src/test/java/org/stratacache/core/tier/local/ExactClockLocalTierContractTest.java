package org.stratacache.core.tier.local;

import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCacheContractTest;

/**
 * The tier SPI contract on the default engine, Caffeine, with the exact expiry clock
 * ({@code strata.expiry.clock=exact}).
 */
class ExactClockLocalTierContractTest extends TierCacheContractTest {

    @Override
    protected Tier startTier() {
        return new LocalTier(LocalTier.Engine.CAFFEINE, false);
    }

    @Override
    protected String expectedName() {
        return "local";
    }
}
