package org.stratacache.core.tier.distributed;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Hazelcast configurations with Strata's safe defaults. Hazelcast's own defaults bind every interface,
 * fall back to multicast discovery and phone home; a demo must never join a stranger's cluster, so a
 * member binds only {@code bind-address} (127.0.0.1 by default), joins by TCP-IP over the configured
 * member list, and has multicast, auto-detection and phone-home switched off.
 */
final class HazelcastConfigs {
    private HazelcastConfigs() {
    }

    static Config member(HazelcastSettings s) {
        Config config = new Config();
        config.setClusterName(s.clusterName());
        config.setInstanceName("strata-" + s.storeName() + "-" + java.util.UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // Strata keeps its own near cache; should a user add a Hazelcast near cache, do not batch 10 s.
        config.setProperty("hazelcast.map.invalidation.batch.enabled", "false");

        // Reads block (faster than Hazelcast's async path); a call with no answer and no heartbeat from
        // the member running it fails after this long instead of Hazelcast's default 60 s.
        config.setProperty("hazelcast.operation.call.timeout.millis", Long.toString(readTimeoutMillis(s)));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(s.port()).setPortAutoIncrement(true);
        network.setPublicAddress(s.bindAddress());
        network.getInterfaces().setEnabled(true).clear().addInterface(s.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
        return config;
    }

    /** The bound on a blocking read: four operation timeouts, at least 2 s. */
    static long readTimeoutMillis(HazelcastSettings s) {
        return Math.max(2_000, 4 * s.operationTimeout().toMillis());
    }

    /**
     * A client that starts without waiting for the cluster and fails fast while it is disconnected
     * ({@code asyncStart}, reconnect mode {@code ASYNC}): the tier's circuit breaker, not Hazelcast's
     * retries, decides how long a caller waits.
     */
    static ClientConfig client(HazelcastSettings s) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(s.clusterName());
        config.setInstanceName("strata-client-" + s.storeName() + "-" + java.util.UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        long timeoutSeconds = Math.max(1, (s.operationTimeout().toMillis() + 999) / 1000);
        config.setProperty("hazelcast.client.invocation.timeout.seconds", Long.toString(timeoutSeconds));
        config.getNetworkConfig().setAddresses(new java.util.ArrayList<>(s.members()));
        config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        config.getConnectionStrategyConfig()
                .setAsyncStart(true)
                .setReconnectMode(ReconnectMode.ASYNC)
                .getConnectionRetryConfig()
                .setInitialBackoffMillis(100)
                .setMaxBackoffMillis(2_000)
                .setClusterConnectTimeoutMillis(-1);
        return config;
    }
}
