package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.testsupport.TestCluster;

/** The default configuration must listen on 127.0.0.1 only and never look for strangers. */
class DefaultNetworkSettingsTest {

    @Test
    void defaultMember_listensOn127001Only() throws IOException {
        String clusterName = TestCluster.unique("defaults").name();
        // Only the tier and a private cluster name: every network setting is the default.
        try (RegionStore store = RegionStore.fromProperties(Map.of(
                "strata.tier", "distributed", "strata.hazelcast.cluster-name", clusterName))) {
            HazelcastInstance hz = TestClusters.tierOf(store).hazelcastInstance();
            InetSocketAddress local = hz.getCluster().getLocalMember().getSocketAddress();
            assertThat(local.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            int port = local.getPort();
            assertThat(port).isBetween(5701, 5801);

            try (Socket loopback = new Socket("127.0.0.1", port)) {
                assertThat(loopback.isConnected()).isTrue();
            }
            for (InetAddress other : nonLoopbackIpv4Addresses()) {
                assertThatThrownBy(() -> new Socket(other, port).close())
                        .as("connecting to %s:%d", other.getHostAddress(), port)
                        .isInstanceOf(ConnectException.class);
            }
            List<String> listeners = linuxListeningAddresses(port);
            if (listeners != null) {
                assertThat(listeners).isNotEmpty().allMatch("0100007F"::equals);
            }
        }
    }

    @Test
    void defaultMemberConfig_turnsOffMulticastAutoDetectionAndPhoneHome() {
        Config config = HazelcastConfigs.member(HazelcastSettings.from(StrataConfig.of(Map.of())));
        NetworkConfig network = config.getNetworkConfig();
        assertThat(config.getClusterName()).isEqualTo("strata");
        assertThat(network.getInterfaces().isEnabled()).isTrue();
        assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(network.getPublicAddress()).isEqualTo("127.0.0.1");
        assertThat(network.getPort()).isEqualTo(5701);
        assertThat(network.isPortAutoIncrement()).isTrue();
        assertThat(network.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(network.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(network.getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(network.getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void clientConfig_failsFastWhileDisconnectedAndNeverAutoDetects() {
        var config = HazelcastConfigs.client(HazelcastSettings.from(StrataConfig.of(Map.of(
                "strata.hazelcast.mode", "client", "strata.hazelcast.members", "10.0.0.5:5701,10.0.0.6"))));
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("10.0.0.5:5701", "10.0.0.6");
        assertThat(config.getNetworkConfig().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getConnectionStrategyConfig().isAsyncStart()).isTrue();
        assertThat(config.getConnectionStrategyConfig().getReconnectMode().name()).isEqualTo("ASYNC");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    }

    @Test
    void invalidHazelcastSetting_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.hazelcast.mode", "peer")))
                .hasMessageContaining("strata.hazelcast.mode").hasMessageContaining("embedded, client");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.hazelcast.port", "70000")))
                .hasMessageContaining("strata.hazelcast.port");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.hazelcast.near-cache.ttl", "0")))
                .hasMessageContaining("strata.hazelcast.near-cache.ttl");
    }

    private static List<InetAddress> nonLoopbackIpv4Addresses() throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    found.add(address);
                }
            }
        }
        return found;
    }

    /** Local addresses (hex, as the kernel writes them) of sockets listening on {@code port}; null off Linux. */
    private static List<String> linuxListeningAddresses(int port) throws IOException {
        Path tcp = Path.of("/proc/net/tcp");
        if (!Files.isReadable(tcp)) {
            return null;
        }
        String portHex = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String line : Files.readAllLines(tcp)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(":" + portHex) && f[3].equals("0A")) { // 0A = LISTEN
                addresses.add(f[1].substring(0, f[1].indexOf(':')));
            }
        }
        return addresses;
    }
}
