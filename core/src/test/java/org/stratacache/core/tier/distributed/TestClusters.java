package org.stratacache.core.tier.distributed;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.stratacache.core.RegionStore;

/** Settings for throwaway clusters on loopback: a unique cluster name and a private port range per class. */
final class TestClusters {
    private TestClusters() {
    }

    /** A cluster name nobody else uses, and a base port with room for a few members. */
    record Cluster(String name, int basePort) {
        static Cluster unique(String purpose) {
            return new Cluster("strata-test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8),
                    20_000 + ThreadLocalRandom.current().nextInt(2_000) * 10);
        }

        String members() {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                members.add("127.0.0.1:" + (basePort + i));
            }
            return String.join(",", members);
        }

        /** Settings of an embedded member of this cluster. */
        Map<String, String> memberSettings() {
            Map<String, String> s = new TreeMap<>();
            s.put("strata.tier", "distributed");
            s.put("strata.hazelcast.cluster-name", name);
            s.put("strata.hazelcast.port", Integer.toString(basePort));
            s.put("strata.hazelcast.members", members());
            s.put("strata.hazelcast.near-cache.ttl", "30s");
            return s;
        }

        RegionStore startMember() {
            return RegionStore.fromProperties(memberSettings());
        }
    }

    static DistributedTier tierOf(RegionStore store) {
        return (DistributedTier) store.tier();
    }

    /** Waits until the cluster {@code store}'s member belongs to has {@code members} members. */
    static void awaitClusterSize(RegionStore store, int members) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                tierOf(store).hazelcastInstance().getCluster().getMembers().size() == members);
    }

    /** Closes the stores that were started (nulls skipped), in the order given. */
    static void closeAll(RegionStore... stores) {
        for (RegionStore store : stores) {
            if (store != null) {
                store.close();
            }
        }
    }
}
