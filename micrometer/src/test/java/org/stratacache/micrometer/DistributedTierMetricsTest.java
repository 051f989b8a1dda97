package org.stratacache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stratacache.micrometer.StrataMetricsTest.value;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.core.tier.distributed.DistributedTierStats;
import org.stratacache.testsupport.TestCluster;

/** The {@code strata.tier.*} meters of a store on the distributed tier: one embedded member on loopback. */
class DistributedTierMetricsTest {

    @Test
    void tierMeters_nearHitsRemoteGetsAndBreakerState_matchTheTierStats() {
        Map<String, String> settings = TestCluster.unique("meters", 1).strataSettings();
        settings.put("strata.hazelcast.near-cache.ttl", "30s");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RegionStore store = RegionStore.fromProperties(settings)) {
            StrataMetrics.of(store).bindTo(registry);
            Region<String, String> r = store.region("products");
            for (int i = 0; i < 20; i++) {
                r.put("k" + i, "v" + i);
            }
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 20; i++) {
                    r.get("k" + i); // the first reads go to the cluster, later ones hit near copies
                }
            }
            DistributedTierStats s = ((DistributedTier) store.tier()).stats();
            assertThat(s.nearHits()).isPositive();
            assertThat(value(registry, "strata.tier.near.gets", "result", "hit")).isEqualTo(s.nearHits());
            assertThat(value(registry, "strata.tier.near.gets", "result", "miss")).isEqualTo(s.nearMisses());
            assertThat(value(registry, "strata.tier.remote.gets")).isEqualTo(s.remoteGets());
            assertThat(value(registry, "strata.tier.remote.puts")).isEqualTo(s.remotePuts());
            assertThat(value(registry, "strata.tier.fallbacks")).isEqualTo(s.fallbacks()).isZero();
            assertThat(value(registry, "strata.tier.near.entries")).isEqualTo(s.nearEntries());
            assertThat(value(registry, "strata.tier.breaker.state", "state", "closed")).isEqualTo(1);
            assertThat(value(registry, "strata.tier.breaker.state", "state", "open")).isZero();
            assertThat(value(registry, "strata.tier.breaker.state", "state", "half_open")).isZero();
            assertThat(value(registry, "strata.region.gets", "region", "products", "result", "hit"))
                    .isEqualTo(r.stats().hits()).isEqualTo(100);
        }
        StrataMetricsTest.scrapeEverything(registry);
        assertThat(value(registry, "strata.tier.breaker.state", "state", "closed")).isNaN();
        assertThat(value(registry, "strata.tier.near.gets", "result", "hit")).isPositive();
    }
}
