package org.stratacache.core.invalidation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.poll.PollingBus;
import org.stratacache.core.invalidation.postgres.ClusterLogicalBus;
import org.stratacache.core.invalidation.postgres.PgLogicalBus;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;
import org.stratacache.core.tier.ClusterLease;
import org.stratacache.core.tier.Tier;

/**
 * The invalidation buses of one user of a store (the JDBC layer's context, the Hibernate region factory): one
 * per database its connections reach (usually one), created
 * with the first connection to that database according to {@code strata.invalidation.mode}.
 *
 * <p>{@code auto} means: LISTEN/NOTIFY on PostgreSQL with the local tier; off on the distributed tier (a write
 * through Strata bumps the cluster-wide tag already, and publishing it again would invalidate twice), off on H2
 * in memory (one JVM by construction), off elsewhere with one INFO line saying that other instances see a
 * write only after their TTL (and that mode {@code poll} exists). {@code logical} is never chosen by {@code auto}: it
 * needs the server configured for it ({@code wal_level = logical}) and a role with REPLICATION. Nor is {@code poll}:
 * it creates a table in the application's schema, which no one should find there without having asked for it.
 *
 * <p>{@code logical} on a tier that elects (the distributed tier, given to the constructor that takes a
 * {@link Tier}) reads one slot per cluster ({@code ClusterLogicalBus}): the members of a store, per layer and
 * database, compete for the tier's lease {@code invalidation-reader:<layer>:<database URL without parameters>}.
 * Without a tier (the Hibernate provider, whose load fences are per JVM) or on the local tier, each JVM reads its
 * own slot.
 */
public final class BusRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BusRegistry.class);
    /** A lower-case PostgreSQL identifier that needs no quotes: channels, slots, publications. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final StrataConfig config;
    private final String storeName;
    private final boolean distributedTier;
    private final InvalidationBus.Receiver receiver;
    /** The tier whose lease elects one slot reader per cluster; null: each JVM reads its own. */
    private final Tier electingTier;
    private final String layer;
    private final Map<String, InvalidationBus> buses = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public BusRegistry(StrataConfig config, String storeName, boolean distributedTier,
                       InvalidationBus.Receiver receiver) {
        this(config, storeName, distributedTier, null, "", receiver);
    }

    /**
     * A registry for the store on {@code tier}, used by {@code layer} (a short name such as {@code jdbc}: layers
     * apply changes to different caches, so each elects a reader of its own): with mode {@code logical}, a tier
     * that offers leases (the distributed tier) makes one member of its cluster read the slot.
     */
    public BusRegistry(StrataConfig config, String storeName, Tier tier, String layer,
                       InvalidationBus.Receiver receiver) {
        this(config, storeName, "distributed".equals(tier.name()), tier, layer, receiver);
    }

    private BusRegistry(StrataConfig config, String storeName, boolean distributedTier, Tier electingTier,
                        String layer, InvalidationBus.Receiver receiver) {
        this.config = config;
        this.storeName = storeName;
        this.distributedTier = distributedTier;
        this.electingTier = electingTier;
        this.layer = layer;
        this.receiver = receiver;
    }

    /**
     * The bus for the database at {@code url} (without password), created on first use with connections from
     * {@code dedicated}. Never throws: a bus that cannot be created is logged and replaced by an untrusted one,
     * so reads pass the cache by rather than risk staleness.
     */
    public InvalidationBus busFor(String url, DedicatedConnections dedicated) {
        String key = url == null ? "" : url;
        InvalidationBus bus = buses.get(key);
        if (bus != null) {
            return bus;
        }
        synchronized (this) {
            bus = buses.get(key);
            if (bus == null) {
                bus = create(key, dedicated);
                buses.put(key, bus);
                if (closed) {
                    bus.close();
                }
            }
            return bus;
        }
    }

    private InvalidationBus create(String url, DedicatedConnections dedicated) {
        String mode = config.get(ConfigKeys.INVALIDATION_MODE);
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (mode.equals("off")) {
            return InvalidationBus.off("strata.invalidation.mode=off");
        }
        if (mode.equals("auto")) {
            if (distributedTier) {
                return InvalidationBus.off("the distributed tier shares tags between members");
            }
            if (!postgres) {
                if (!url.startsWith("jdbc:h2:mem:")) {
                    LOG.info("Strata invalidation: no bus for {} (strata.invalidation.mode=auto supports "
                            + "PostgreSQL): other instances sharing this database see its writes after their TTL; "
                            + "strata.invalidation.mode=poll carries them on any database through a version table "
                            + "(see docs/invalidation.md)", url);
                }
                return InvalidationBus.off("auto: not PostgreSQL");
            }
        } else if (mode.equals("poll")) {
            return poll(url, dedicated);
        } else if (!postgres) {
            LOG.error("Strata invalidation: strata.invalidation.mode={} needs PostgreSQL, but connections go to {}; "
                    + "reads pass the cache by", mode, url);
            return untrusted(mode + " needs PostgreSQL");
        }
        String channel = channel();
        if (channel == null) {
            return untrusted("bad channel name");
        }
        if (mode.equals("logical")) {
            return logical(url, channel, dedicated);
        }
        boolean publishes = !mode.equals("triggers"); // with triggers, the database notifies every write itself
        PgNotifyBus bus = new PgNotifyBus(channel, url, dedicated::open, receiver, publishes,
                config.get(ConfigKeys.INVALIDATION_MAX_BACKOFF), config.get(ConfigKeys.INVALIDATION_HEALTH_CHECK),
                config.get(ConfigKeys.INVALIDATION_PUBLISH_DELAY));
        LOG.info("Strata invalidation: {}", bus.describe());
        return bus.start(config.get(ConfigKeys.INVALIDATION_STARTUP_WAIT));
    }

    /** The configured channel, or the store's; null (logged) when the configured one is not an identifier. */
    private String channel() {
        String channel = config.get(ConfigKeys.INVALIDATION_CHANNEL);
        if (channel.isEmpty()) {
            return PgNotifyBus.channelFor(storeName);
        }
        if (!IDENTIFIER.matcher(channel).matches()) {
            LOG.error("Strata invalidation: strata.invalidation.channel '{}' is not a lower-case PostgreSQL "
                    + "identifier (a-z, 0-9, _; 63 at most); reads pass the cache by", channel);
            return null;
        }
        return channel;
    }

    /** Mode poll, on any database (H2 in memory too: stores of one JVM then share it). */
    private InvalidationBus poll(String url, DedicatedConnections dedicated) {
        String channel = channel();
        if (channel == null) {
            return untrusted("bad channel name");
        }
        PollingBus bus = new PollingBus(channel, config.get(ConfigKeys.INVALIDATION_TABLE), url, dedicated::open,
                receiver, config.get(ConfigKeys.INVALIDATION_POLL_INTERVAL),
                config.get(ConfigKeys.INVALIDATION_MAX_BACKOFF), config.get(ConfigKeys.INVALIDATION_HEALTH_CHECK),
                config.get(ConfigKeys.INVALIDATION_PUBLISH_DELAY));
        LOG.info("Strata invalidation: {}", bus.describe());
        return bus.start(config.get(ConfigKeys.INVALIDATION_STARTUP_WAIT));
    }

    private InvalidationBus logical(String url, String channel, DedicatedConnections dedicated) {
        String slot = config.get(ConfigKeys.INVALIDATION_SLOT);
        String publication = config.get(ConfigKeys.INVALIDATION_PUBLICATION);
        if (publication.isEmpty()) {
            publication = PgNotifyBus.channelFor(storeName);
        }
        for (String[] name : new String[][] {{"slot", slot}, {"publication", publication}}) {
            if (!name[1].isEmpty() && !IDENTIFIER.matcher(name[1]).matches()) {
                LOG.error("Strata invalidation: strata.invalidation.{} '{}' is not a lower-case PostgreSQL identifier "
                        + "(a-z, 0-9, _; 63 at most); reads pass the cache by", name[0], name[1]);
                return untrusted("bad " + name[0] + " name");
            }
        }
        Duration leaseTime = config.get(ConfigKeys.INVALIDATION_LEADER_LEASE);
        Optional<ClusterLease> lease = electingTier == null ? Optional.empty()
                : electingTier.lease("invalidation-reader:" + layer + ":" + withoutParameters(url), leaseTime);
        if (lease.isPresent()) {
            ClusterLogicalBus bus = ClusterLogicalBus.create(lease.get(), leaseTime,
                    config.get(ConfigKeys.INVALIDATION_LEADER_RETRY), slot, publication, storeName, url, dedicated,
                    receiver, config.get(ConfigKeys.INVALIDATION_MAX_BACKOFF),
                    config.get(ConfigKeys.INVALIDATION_HEALTH_CHECK));
            LOG.info("Strata invalidation: {}", bus.describe());
            return bus.start(config.get(ConfigKeys.INVALIDATION_STARTUP_WAIT));
        }
        PgLogicalBus bus = new PgLogicalBus(channel, slot, publication, storeName, url, dedicated, receiver,
                config.get(ConfigKeys.INVALIDATION_MAX_BACKOFF), config.get(ConfigKeys.INVALIDATION_HEALTH_CHECK),
                config.get(ConfigKeys.INVALIDATION_PUBLISH_DELAY));
        LOG.info("Strata invalidation: {}", bus.describe());
        return bus.start(config.get(ConfigKeys.INVALIDATION_STARTUP_WAIT));
    }

    /** The URL up to its parameters: the database it names (members may differ in driver settings). */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** A bus that never becomes trusted: the configuration asks for one that cannot work here. */
    public static InvalidationBus untrusted(String why) {
        InvalidationBus off = InvalidationBus.off(why);
        return new InvalidationBus() {
            @Override
            public void publish(java.util.Collection<String> tags) {
            }

            @Override
            public boolean publishInTransaction(java.sql.Connection connection, java.util.Collection<String> tags) {
                return false;
            }

            @Override
            public boolean trusted() {
                return false;
            }

            @Override
            public InvalidationStats stats() {
                return InvalidationStats.of(false);
            }

            @Override
            public String describe() {
                return "unusable: " + why;
            }

            @Override
            public void close() {
                off.close();
            }
        };
    }

    /** Publishes {@code tags} on every bus (a write whose database is not known per bus: the write-behind flusher). */
    public void publishEverywhere(java.util.Collection<String> tags) {
        for (InvalidationBus bus : buses.values()) {
            bus.publish(tags);
        }
    }

    /** Counters summed over this context's buses ({@code connected} only when all are). */
    public InvalidationStats stats() {
        long sent = 0, inTx = 0, received = 0, applied = 0, alls = 0, reconnects = 0, failures = 0;
        long p50 = 0, p99 = 0, max = 0, decoded = 0, duplicates = 0, decodedP50 = 0, decodedP99 = 0, decodedMax = 0;
        long terms = 0;
        boolean connected = true;
        boolean readerHere = false;
        for (InvalidationBus bus : buses.values()) {
            InvalidationStats s = bus.stats();
            sent += s.sent();
            inTx += s.sentInTransaction();
            received += s.received();
            applied += s.applied();
            alls += s.invalidateAlls();
            reconnects += s.reconnects();
            failures += s.publishFailures();
            connected &= s.connected();
            p50 = Math.max(p50, s.delayP50Millis());
            p99 = Math.max(p99, s.delayP99Millis());
            max = Math.max(max, s.delayMaxMillis());
            decoded += s.decoded();
            duplicates += s.alreadyApplied();
            decodedP50 = Math.max(decodedP50, s.decodedDelayP50Millis());
            decodedP99 = Math.max(decodedP99, s.decodedDelayP99Millis());
            decodedMax = Math.max(decodedMax, s.decodedDelayMaxMillis());
            terms += s.readerTerms();
            readerHere |= s.readerHere();
        }
        return new InvalidationStats(sent, inTx, received, applied, alls, reconnects, failures, connected, p50, p99,
                max, decoded, duplicates, decodedP50, decodedP99, decodedMax, terms, readerHere);
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<InvalidationBus> all = new ArrayList<>(buses.values());
        for (InvalidationBus bus : all) {
            try {
                bus.close();
            } catch (RuntimeException e) {
                LOG.warn("Strata invalidation: closing {} failed", bus.describe(), e);
            }
        }
    }

    /** Opens connections of Strata's own to the database, never taken from the application's pool. */
    @FunctionalInterface
    public interface DedicatedConnections {
        Connection open() throws SQLException;

        /**
         * A connection with these driver properties added (mode logical's replication connection); throws
         * {@link SQLFeatureNotSupportedException} when these connections come from a DataSource that
         * cannot take properties.
         */
        default Connection open(Properties extra) throws SQLException {
            throw new SQLFeatureNotSupportedException("connections come from a DataSource without a URL");
        }
    }

}
