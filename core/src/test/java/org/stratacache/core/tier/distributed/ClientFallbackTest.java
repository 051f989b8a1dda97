package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.TestCluster;

/** A client whose cluster is unreachable serves every read from the loader, fast, and recovers later. */
class ClientFallbackTest {

    @Test
    void clientMode_withTheClusterUnreachable_fallsBackToTheLoaderQuicklyAndRecoversWhenAMemberStarts()
            throws IOException {
        int port = freePort();
        TestCluster cluster = new TestCluster(TestCluster.unique("client").name(), port, 1);
        Map<String, String> clientSettings = new TreeMap<>();
        clientSettings.put("strata.tier", "distributed");
        clientSettings.put("strata.hazelcast.mode", "client");
        clientSettings.put("strata.hazelcast.members", "127.0.0.1:" + port);
        clientSettings.put("strata.hazelcast.cluster-name", cluster.name());
        clientSettings.put("strata.hazelcast.operation-timeout", "200ms");
        clientSettings.put("strata.hazelcast.circuit-breaker.failures", "3");
        clientSettings.put("strata.hazelcast.circuit-breaker.open-for", "300ms");

        RegionStore client = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> RegionStore.fromProperties(clientSettings));
        try {
            Region<String, String> region = client.region("products");
            // Bounded: 200 reads, writes and invalidations with no cluster must not wait on it each time.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 200; i++) {
                    String key = "p" + (i % 10);
                    assertThat(region.get(key, List.of("products"), k -> "db:" + k)).isEqualTo("db:" + key);
                    region.put(key, "put:" + key);
                    region.invalidate(key);
                    client.invalidateTag("products");
                }
            });
            DistributedTierStats stats = TestClusters.tierOf(client).stats();
            assertThat(stats.fallbacks()).isGreaterThan(0);
            assertThat(stats.breakerOpens()).isGreaterThanOrEqualTo(1);
            assertThat(region.stats().loads()).isEqualTo(200);
            assertThat(region.stats().tierFailures()).isGreaterThan(0);
            assertThat(region.stats().hits()).isZero();

            // The cluster comes up on the port the client was told about: the client heals.
            try (RegionStore member = TestClusters.startMember(cluster)) { // on the one port the client knows
                Region<String, String> onMember = member.region("products");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    onMember.put("after", "cached", List.of("products"));
                    assertThat(region.get("after")).isEqualTo("cached");
                });
                assertThat(TestClusters.tierOf(client).stats().breakerState()).isEqualTo("CLOSED");
                assertThatCode(() -> client.invalidateTag("products")).doesNotThrowAnyException();
                await().atMost(Duration.ofSeconds(5)).until(() -> onMember.get("after") == null);
            }
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(30), client::close);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
