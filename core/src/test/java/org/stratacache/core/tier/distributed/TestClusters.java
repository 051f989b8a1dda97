package org.stratacache.core.tier.distributed;

import java.time.Duration;
import java.util.Map;

import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.TestCluster;

/**
 * Core's side of test-support's {@link TestCluster} (a private cluster name and port range on loopback):
 * members are region stores on the distributed tier, their near copies living 30 s.
 */
final class TestClusters {
    private TestClusters() {
    }

    /** Settings of an embedded member of {@code cluster}; a new mutable map each time. */
    static Map<String, String> memberSettings(TestCluster cluster) {
        Map<String, String> s = cluster.strataSettings();
        s.put("strata.hazelcast.near-cache.ttl", "30s");
        return s;
    }

    static RegionStore startMember(TestCluster cluster) {
        return RegionStore.fromProperties(memberSettings(cluster));
    }

    static DistributedTier tierOf(RegionStore store) {
        return (DistributedTier) store.tier();
    }

    /** Waits until the cluster {@code store}'s member belongs to has {@code members} members. */
    static void awaitClusterSize(RegionStore store, int members) {
        HazelcastMembers.awaitClusterSize(tierOf(store).hazelcastInstance(), members, Duration.ofSeconds(30));
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
