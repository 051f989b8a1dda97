package org.stratacache.core.tier.distributed;

import java.time.Duration;
import java.util.List;

import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/** The {@code strata.hazelcast.*} settings, read once from a {@link StrataConfig}. */
record HazelcastSettings(String storeName, boolean clientMode, List<String> members, String clusterName,
                         String bindAddress, int port, int backupCount, boolean nearCacheEnabled,
                         int nearCacheMaxEntries, Duration nearCacheTtl, int nearCacheMinReads,
                         Duration operationTimeout, int breakerFailures, Duration breakerOpenFor,
                         boolean shareMember, Duration shareMemberLinger, boolean coarseClock) {

    static HazelcastSettings from(StrataConfig config) {
        return new HazelcastSettings(
                config.get(ConfigKeys.STORE_NAME),
                config.get(ConfigKeys.HAZELCAST_MODE).equals("client"),
                List.copyOf(config.get(ConfigKeys.HAZELCAST_MEMBERS)),
                config.get(ConfigKeys.HAZELCAST_CLUSTER_NAME),
                config.get(ConfigKeys.HAZELCAST_BIND_ADDRESS),
                Math.toIntExact(config.get(ConfigKeys.HAZELCAST_PORT)),
                Math.toIntExact(config.get(ConfigKeys.HAZELCAST_BACKUP_COUNT)),
                config.get(ConfigKeys.HAZELCAST_NEAR_CACHE),
                (int) Math.min(Integer.MAX_VALUE, config.get(ConfigKeys.HAZELCAST_NEAR_CACHE_MAX_ENTRIES)),
                config.get(ConfigKeys.HAZELCAST_NEAR_CACHE_TTL),
                Math.toIntExact(config.get(ConfigKeys.HAZELCAST_NEAR_CACHE_MIN_READS)),
                config.get(ConfigKeys.HAZELCAST_OPERATION_TIMEOUT),
                (int) Math.min(Integer.MAX_VALUE, config.get(ConfigKeys.HAZELCAST_BREAKER_FAILURES)),
                config.get(ConfigKeys.HAZELCAST_BREAKER_OPEN_FOR),
                config.get(ConfigKeys.HAZELCAST_SHARE_MEMBER),
                config.get(ConfigKeys.HAZELCAST_SHARE_MEMBER_LINGER),
                config.get(ConfigKeys.EXPIRY_CLOCK).equals("coarse"));
    }

    /** Prefix of every distributed object this store creates: stores of one name share their regions. */
    String objectPrefix() {
        return "strata:" + storeName + ":";
    }
}
