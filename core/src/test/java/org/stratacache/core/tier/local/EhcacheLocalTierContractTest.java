package org.stratacache.core.tier.local;

import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCacheContractTest;

/** The tier SPI contract on the local tier's other engine, Ehcache 3 on-heap. */
class EhcacheLocalTierContractTest extends TierCacheContractTest {

    @Override
    protected Tier startTier() {
        return new LocalTier(LocalTier.Engine.EHCACHE, false);
    }

    @Override
    protected String expectedName() {
        return "local";
    }
}
