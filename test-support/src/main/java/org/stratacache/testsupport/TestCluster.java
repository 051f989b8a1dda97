package org.stratacache.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway Hazelcast cluster on loopback: a cluster name nobody else uses and a private range of
 * {@code size} ports starting at {@code basePort}, each member listing all of them as its TCP-IP members.
 * Members join only by TCP-IP on 127.0.0.1: no multicast, no auto-detection, no phone-home (Strata's tier
 * turns those off by default; {@link HazelcastMembers#config} turns them off for raw members).
 *
 * <p>Plain strings only, so that core's own tests can use it: {@link #strataSettings()} are the
 * {@code strata.*} settings of an embedded member of this cluster.
 *
 * @param name     the cluster name
 * @param basePort the first port of the range
 * @param size     how many ports the range holds (the most members the cluster can have)
 */
public record TestCluster(String name, int basePort, int size) {
    /** Ports per cluster unless told otherwise: room for a few members. */
    public static final int DEFAULT_SIZE = 6;

    private static final int LOWEST_PORT = 20_000;
    private static final int PORT_SPAN = 20_000;

    public TestCluster {
        if (size < 1 || basePort < 1 || basePort + size > 65_536) {
            throw new IllegalArgumentException("bad port range: " + basePort + " + " + size);
        }
    }

    public TestCluster(String name, int basePort) {
        this(name, basePort, DEFAULT_SIZE);
    }

    /** A cluster of up to {@value #DEFAULT_SIZE} members; {@code purpose} goes into its name, for the logs. */
    public static TestCluster unique(String purpose) {
        return unique(purpose, DEFAULT_SIZE);
    }

    /**
     * A cluster named {@code strata-test-<purpose>-<random>} whose {@code size} ports were all free on
     * 127.0.0.1 when it was picked (random ranges between 20000 and 40000, so that concurrent builds on one
     * machine seldom meet; one that was taken is skipped).
     */
    public static TestCluster unique(String purpose, int size) {
        String name = "strata-test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = LOWEST_PORT + ThreadLocalRandom.current().nextInt(PORT_SPAN / 10) * 10;
            if (allFree(base, size)) {
                return new TestCluster(name, base, size);
            }
        }
        throw new IllegalStateException("no " + size + " free consecutive ports on 127.0.0.1 in 50 tries");
    }

    /** {@code 127.0.0.1:<port>} for every port of the range. */
    public List<String> memberAddresses() {
        List<String> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add("127.0.0.1:" + (basePort + i));
        }
        return members;
    }

    /** The member addresses, comma-separated (the form {@code strata.hazelcast.members} takes). */
    public String members() {
        return String.join(",", memberAddresses());
    }

    /**
     * The {@code strata.*} settings of an embedded member of this cluster: the distributed tier, the cluster
     * name, the base port and the members. A new mutable map each time, to add to.
     */
    public Map<String, String> strataSettings() {
        Map<String, String> s = new TreeMap<>();
        s.put("strata.tier", "distributed");
        s.put("strata.hazelcast.cluster-name", name);
        s.put("strata.hazelcast.port", Integer.toString(basePort));
        s.put("strata.hazelcast.members", members());
        return s;
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
