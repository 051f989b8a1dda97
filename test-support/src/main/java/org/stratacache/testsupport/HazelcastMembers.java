package org.stratacache.testsupport;

import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Raw Hazelcast members of a {@link TestCluster}, for tests that need an instance of their own (not one a
 * Strata tier starts): bound to 127.0.0.1 only, joining by TCP-IP to the cluster's port range, with
 * multicast, auto-detection and phone-home off. Needs {@code com.hazelcast:hazelcast} on the test class
 * path (test-support declares it optional).
 */
public final class HazelcastMembers {
    private HazelcastMembers() {
    }

    /** The configuration of a loopback-only member of {@code cluster}. */
    public static Config config(TestCluster cluster) {
        Config config = new Config();
        config.setClusterName(cluster.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.basePort()).setPortCount(cluster.size()).setPortAutoIncrement(true);
        network.setPublicAddress("127.0.0.1");
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.memberAddresses());
        return config;
    }

    /** Starts a member of {@code cluster}; the caller shuts it down. */
    public static HazelcastInstance start(TestCluster cluster) {
        return Hazelcast.newHazelcastInstance(config(cluster));
    }

    /** Waits until {@code member} sees {@code members} members; fails after {@code timeout}. */
    public static void awaitClusterSize(HazelcastInstance member, int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = member.getCluster().getMembers().size();
        while (seen != members) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster '" + member.getConfig().getClusterName() + "' has " + seen
                        + " members after " + timeout + ", expected " + members);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the cluster", e);
            }
            seen = member.getCluster().getMembers().size();
        }
    }
}
