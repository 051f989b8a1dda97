package org.stratacache.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

class TestClusterTest {

    @Test
    void unique_givesDistinctNamesAndFreePortRanges() throws IOException {
        TestCluster a = TestCluster.unique("names");
        TestCluster b = TestCluster.unique("names");
        assertThat(a.name()).startsWith("strata-test-names-").isNotEqualTo(b.name());
        assertThat(a.size()).isEqualTo(TestCluster.DEFAULT_SIZE);
        assertThat(a.basePort()).isBetween(20_000, 40_000);
        for (int port = a.basePort(); port < a.basePort() + a.size(); port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.isBound()).isTrue();
            }
        }
    }

    @Test
    void strataSettings_nameTheDistributedTierOnLoopbackPorts() {
        TestCluster c = new TestCluster("c1", 30_000, 3);
        assertThat(c.strataSettings()).containsEntry("strata.tier", "distributed")
                .containsEntry("strata.hazelcast.cluster-name", "c1")
                .containsEntry("strata.hazelcast.port", "30000")
                .containsEntry("strata.hazelcast.members", "127.0.0.1:30000,127.0.0.1:30001,127.0.0.1:30002");
        c.strataSettings().put("strata.store.name", "mutable, and a fresh map each time");
        assertThat(c.strataSettings()).doesNotContainKey("strata.store.name");
    }

    @Test
    void constructor_rejectsARangeBeyondTheLastPort() {
        assertThatThrownBy(() -> new TestCluster("c", 65_535, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TestCluster("c", 20_000).size()).isEqualTo(TestCluster.DEFAULT_SIZE);
    }

    @Test
    void memberConfig_isLoopbackOnlyWithoutMulticastAutoDetectionOrPhoneHome() {
        TestCluster cluster = new TestCluster("cfg", 25_000, 2);
        Config config = HazelcastMembers.config(cluster);
        var network = config.getNetworkConfig();
        assertThat(config.getClusterName()).isEqualTo("cfg");
        assertThat(network.getPort()).isEqualTo(25_000);
        assertThat(network.getPortCount()).isEqualTo(2);
        assertThat(network.getInterfaces().isEnabled()).isTrue();
        assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(network.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(network.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(network.getJoin().getTcpIpConfig().getMembers())
                .containsExactly("127.0.0.1:25000", "127.0.0.1:25001");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void start_twoMembers_formOneClusterOnLoopback() {
        TestCluster cluster = TestCluster.unique("raw", 2);
        HazelcastInstance a = HazelcastMembers.start(cluster);
        try {
            HazelcastInstance b = HazelcastMembers.start(cluster);
            try {
                HazelcastMembers.awaitClusterSize(a, 2, Duration.ofSeconds(30));
                InetSocketAddress address = a.getCluster().getLocalMember().getSocketAddress();
                assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(address.getPort()).isBetween(cluster.basePort(), cluster.basePort() + 1);
                a.getMap("m").put("k", "v");
                assertThat(b.<String, String>getMap("m").get("k")).isEqualTo("v");
            } finally {
                b.shutdown();
            }
            HazelcastMembers.awaitClusterSize(a, 1, Duration.ofSeconds(30));
            assertThatThrownBy(() -> HazelcastMembers.awaitClusterSize(a, 2, Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("has 1 members");
        } finally {
            a.shutdown();
        }
    }
}
