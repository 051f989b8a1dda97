package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.TestCluster;

/** A caller's own Hazelcast instance, wrapped in a tier the caller hands to the builder and keeps. */
class ExistingInstanceTest {

    @Test
    void using_anExistingInstance_storesRegionsInItAndLeavesItRunning() {
        // a member configured by the caller (loopback only), not by Strata
        HazelcastInstance hz = HazelcastMembers.start(TestCluster.unique("existing"));
        try {
            // The tier and the store get the same strata.* settings (the store name prefixes the map names).
            Map<String, String> settings = Map.of("strata.store.name", "shop",
                    "strata.hazelcast.near-cache.min-reads", "1");
            DistributedTier tier = DistributedTier.using(hz, settings);
            try (RegionStore store = RegionStore.builder().settings(settings).tier(tier).build()) {
                Region<String, String> region = store.region("carts");
                region.put("c1", "3 items");
                assertThat(region.get("c1")).isEqualTo("3 items");
                assertThat(store.tierName()).isEqualTo("distributed");
                assertThat(hz.getMap("strata:shop:region:carts").size()).isEqualTo(1);
                // the write's own event may still drop the first near copy; then the next read keeps one
                await().atMost(Duration.ofSeconds(5)).until(() -> "3 items".equals(region.get("c1"))
                        && tier.stats().nearHits() > 0);
            }
            assertThat(hz.getLifecycleService().isRunning()).isTrue();
            tier.close();
            assertThat(hz.getLifecycleService().isRunning()).isTrue();
            assertThat(hz.getMap("strata:shop:region:carts").get("c1")).isNotNull();
        } finally {
            hz.shutdown();
        }
    }
}
