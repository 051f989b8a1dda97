package org.stratacache.core.tier.local;

import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCacheContractTest;

/** The tier SPI contract on the local tier's default engine, Caffeine, with the coarse expiry clock. */
class LocalTierContractTest extends TierCacheContractTest {

    @Override
    protected Tier startTier() {
        return new LocalTier();
    }

    @Override
    protected String expectedName() {
        return "local";
    }
}
