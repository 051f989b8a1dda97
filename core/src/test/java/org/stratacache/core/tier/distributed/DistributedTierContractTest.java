package org.stratacache.core.tier.distributed;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCacheContractTest;
import org.stratacache.testsupport.TestCluster;

/**
 * The tier SPI contract on the distributed tier: one embedded Hazelcast member on loopback, its own cluster.
 * Run twice: with the near cache admitting a key on its first read (so most reads after a write come from a
 * near copy) and without a near cache (every read goes to the map).
 */
class DistributedTierContractTest {

    private static Tier member(String purpose, Map<String, String> extra) {
        Map<String, String> settings = TestClusters.memberSettings(TestCluster.unique(purpose, 1));
        settings.put("strata.store.name", purpose);
        settings.putAll(extra);
        return DistributedTier.fromConfig(StrataConfig.of(settings));
    }

    @Nested
    class WithNearCache extends TierCacheContractTest {
        @Override
        protected Tier startTier() {
            return member("contract-near", Map.of("strata.hazelcast.near-cache.min-reads", "1"));
        }

        @Override
        protected String expectedName() {
            return "distributed";
        }
    }

    @Nested
    class WithoutNearCache extends TierCacheContractTest {
        @Override
        protected Tier startTier() {
            return member("contract-remote", Map.of("strata.hazelcast.near-cache.enabled", "false"));
        }

        @Override
        protected String expectedName() {
            return "distributed";
        }
    }
}
