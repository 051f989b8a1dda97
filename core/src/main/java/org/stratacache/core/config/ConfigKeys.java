package org.stratacache.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.core.writebehind.WriteBehindFullException;


/**
 * Every {@code strata.*} configuration key, its default and its form: the single source for the parser
 * and for the configuration table in {@code docs/configuration.md}. Keys of every module live here so that
 * a misspelt key is recognised as such wherever it is given.
 *
 * <p>Per-region settings are written {@code strata.region.<region-name>.<setting>} with a setting from
 * {@link #REGION_SETTINGS}; a region without its own settings takes the {@code strata.defaults.*} values.
 */
public final class ConfigKeys {
    private static final Map<String, ConfigKey<?>> ALL = new LinkedHashMap<>();

    /** Prefix of every key Strata reads. */
    public static final String PREFIX = "strata.";
    /** Prefix of per-region keys: {@code strata.region.<name>.<setting>}. */
    public static final String REGION_PREFIX = "strata.region.";

    // ---- store ------------------------------------------------------------------------------------

    public static final ConfigKey<String> STORE_NAME = key("strata.store.name", "strata",
            "a name", "Name of the region store; part of JMX object names and log lines.", s -> requireText(s));

    public static final ConfigKey<String> TIER = key("strata.tier", "local", "local | distributed",
            "Where regions keep their entries: in-process (on-heap, see strata.local.engine) or in Hazelcast with a "
                    + "near cache.",
            s -> ValueParsers.oneOf(s, "local", "distributed"));

    public static final ConfigKey<String> LOCAL_ENGINE = key("strata.local.engine", "caffeine", "caffeine | ehcache",
            "With strata.tier=local: what keeps each region's entries on the heap. caffeine: Caffeine's bounded cache "
                    + "(frequency-aware eviction; a hit costs about half of ehcache's, see docs/performance.md). "
                    + "ehcache: Ehcache 3's on-heap store (sampled least-recently-used eviction), the engine before Caffeine. "
                    + "Both bound the entry count, expire per entry and copy for store-by-value alike.",
            s -> ValueParsers.oneOf(s, "caffeine", "ehcache"));

    public static final ConfigKey<String> EXPIRY_CLOCK = key("strata.expiry.clock", "coarse", "coarse | exact",
            "The clock entry expiry is checked against on every hit, by the local tier's caffeine engine and by the "
                    + "distributed tier's near cache. coarse: a time "
                    + "one shared daemon thread refreshes every millisecond while a store is open (an entry may be "
                    + "served up to a tick, plus scheduling delay on a loaded machine, past its TTL). exact: "
                    + "System.nanoTime() on every hit, which costs more than the rest of a hit.",
            s -> ValueParsers.oneOf(s, "coarse", "exact"));

    public static final ConfigKey<Boolean> STATISTICS_JMX = key("strata.statistics.jmx", false, "true | false",
            "Register MXBeans on the platform MBean server: JCache statistics per region (javax.cache:"
                    + "type=CacheStatistics,CacheManager=strata://<store>,Cache=<region>), per write-behind queue, and "
                    + "the JDBC cache's (org.stratacache:type=JdbcStatistics,store=<store>). A second open store of "
                    + "the same name in one JVM registers as <store>-2 (and so on), with a warning.",
            ValueParsers::bool);

    public static final ConfigKey<Long> LOADER_THREADS = key("strata.loader.threads", 2L, "whole number >= 1",
            "Threads for background refresh-ahead reloads (shared by all regions of a store).",
            s -> ValueParsers.atLeast(s, 1));

    // ---- region defaults --------------------------------------------------------------------------

    public static final ConfigKey<Duration> DEFAULT_TTL = key("strata.defaults.ttl", Duration.ofMinutes(10),
            "duration (250ms, 30s, 10m, 2h, 1d); 0 = never expires",
            "Time to live of an entry from when it was stored.", ValueParsers::duration);

    public static final ConfigKey<Long> DEFAULT_MAX_ENTRIES = key("strata.defaults.max-entries", 10_000L,
            "whole number >= 1", "Maximum entries a region holds in the local tier; beyond it entries are evicted "
                    + "(counted as evictions).",
            s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Boolean> DEFAULT_STORE_BY_VALUE = key("strata.defaults.store-by-value", false,
            "true | false", "Copy values (by serialization) on put and get instead of storing the reference. "
                    + "Only needed for mutable values.", ValueParsers::bool);

    public static final ConfigKey<Double> DEFAULT_REFRESH_AHEAD = key("strata.defaults.refresh-ahead", 0.0,
            "fraction in [0, 1); 0 = off", "Once an entry is older than this fraction of its TTL, a read-through "
                    + "hit serves it and reloads it once in the background.", ValueParsers::fraction);

    // ---- write-behind -----------------------------------------------------------------------------

    public static final ConfigKey<String> WRITE_BEHIND_TABLES = key("strata.write-behind.tables", "",
            "comma-separated table names; empty = none", "JDBC: tables whose single-table INSERT … VALUES "
                    + "statements are acknowledged once queued and written in batches; reads, updates and deletes "
                    + "of these tables flush their queue first.", s -> s);

    public static final ConfigKey<Long> WRITE_BEHIND_BATCH_SIZE = key("strata.write-behind.batch-size", 500L,
            "whole number >= 1", "Most writes in one batch (one transaction, one JDBC batch); a batch goes out "
                    + "as soon as this many writes are queued.", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Duration> WRITE_BEHIND_MAX_DELAY = key("strata.write-behind.max-delay",
            Duration.ofSeconds(1), "duration >= 1ms (250ms, 1s, ...)",
            "Longest a queued write waits before the flusher writes a (possibly smaller) batch.",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Long> WRITE_BEHIND_QUEUE_CAPACITY = key("strata.write-behind.queue-capacity",
            100_000L, "whole number >= 1", "Most distinct keys queued per write-behind queue; a write of a new "
                    + "key then blocks (back-pressure).", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Duration> WRITE_BEHIND_OFFER_TIMEOUT = key("strata.write-behind.offer-timeout",
            Duration.ofSeconds(10), "duration; 0 = fail at once", "Longest a write waits for room in a full "
                    + "queue before it fails with WriteBehindFullException (it is then not queued).",
            ValueParsers::duration);

    public static final ConfigKey<Duration> WRITE_BEHIND_RETRY_INITIAL_BACKOFF = key(
            "strata.write-behind.retry.initial-backoff", Duration.ofMillis(100), "duration >= 1ms",
            "Wait before the first retry of a failed batch; doubles with every further failure.",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> WRITE_BEHIND_RETRY_MAX_BACKOFF = key(
            "strata.write-behind.retry.max-backoff", Duration.ofSeconds(30), "duration >= 1ms",
            "Longest wait between two retries of a failed batch (retries go on until the batch is written).",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> WRITE_BEHIND_FLUSH_TIMEOUT = key("strata.write-behind.flush-timeout",
            Duration.ofMinutes(5), "duration >= 1ms", "JDBC: longest a read, update or delete of a write-behind "
                    + "table waits for the table's queued rows to reach the database; then it fails with SQLState "
                    + "08000 and is not run (it would miss acknowledged rows).",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> WRITE_BEHIND_CLOSE_TIMEOUT = key("strata.write-behind.close-timeout",
            Duration.ofSeconds(30), "duration", "Longest close() waits for the queue to drain before it reports "
                    + "the writes it could not write.", ValueParsers::duration);

    public static final ConfigKey<String> WRITE_BEHIND_JOURNAL_DIR = key("strata.write-behind.journal.dir", "",
            "a directory path; empty = no journal", "Journal mode: every acknowledged write is appended to a "
                    + "journal in <dir>/<queue-name>/ and replayed at the next start, so a crash loses no "
                    + "acknowledged write.", s -> s);

    public static final ConfigKey<String> WRITE_BEHIND_JOURNAL_FSYNC = key("strata.write-behind.journal.fsync",
            "group", "group | interval", "group: a write is acknowledged after an fsync that covers it "
                    + "(concurrent writes share one fsync) and survives power loss; interval: acknowledged once "
                    + "in the OS page cache (survives a JVM crash or kill -9), fsync every fsync-interval.",
            s -> ValueParsers.oneOf(s, "group", "interval"));

    public static final ConfigKey<Duration> WRITE_BEHIND_JOURNAL_FSYNC_INTERVAL = key(
            "strata.write-behind.journal.fsync-interval", Duration.ofMillis(100), "duration >= 1ms",
            "With journal.fsync=interval: how often the journal is forced to disk.",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Long> WRITE_BEHIND_JOURNAL_SEGMENT_SIZE = key(
            "strata.write-behind.journal.segment-size", 16L * 1024 * 1024, "byte size (64k, 16m, 1g) >= 4k",
            "Size at which the journal starts a new segment file; a segment is deleted once every write in it "
                    + "is committed.", s -> {
                long v = ValueParsers.bytes(s);
                if (v < 4096) {
                    throw new IllegalArgumentException("must be at least 4k");
                }
                return v;
            });

    // ---- hibernate ----------------------------------------------------------------------------------

    public static final ConfigKey<String> HIBERNATE_REGION_STORE = key("strata.hibernate.region-store", "",
            "a RegionStore instance (put the object itself into the Hibernate settings map)",
            "An existing region store for StrataRegionFactory to use instead of building its own; the caller "
                    + "keeps ownership (closing the SessionFactory leaves it open). Several SessionFactories "
                    + "given one store share its regions.", s -> s);

    public static final ConfigKey<Duration> HIBERNATE_COALESCE_WAIT = key("strata.hibernate.coalesce-wait",
            Duration.ofMillis(100), "duration (50ms, 1s); 0 = do not coalesce",
            "How long a second-level cache miss waits for another session that is already loading the same "
                    + "entity, collection or natural id from the database, instead of loading it again. A miss "
                    + "whose loader never caches (row not found, CacheMode.GET) delays concurrent misses of that "
                    + "key by at most this long.", ValueParsers::duration);

    public static final ConfigKey<Boolean> HIBERNATE_ENABLED = key("strata.hibernate.enabled", false,
            "true | false", "Spring Boot starter: turn on Hibernate's second-level cache with Strata's region "
                    + "factory (hibernate.cache.region.factory_class=strata) over the application's region store, "
                    + "the one the DataSource wrapper uses. Without the starter, set Hibernate's settings instead.",
            ValueParsers::bool);

    // ---- jcache -------------------------------------------------------------------------------------

    public static final ConfigKey<String> JCACHE_REGION_STORE = key("strata.jcache.region-store", "",
            "a RegionStore instance (put the object itself into the properties given to getCacheManager)",
            "An existing region store for a JCache CacheManager of StrataCachingProvider to keep its caches in "
                    + "instead of building its own; the caller keeps ownership (closing the manager leaves it "
                    + "open). The Spring Boot starter gives Boot's JCache support the application's store.",
            s -> s);

    // ---- spring boot ------------------------------------------------------------------------------

    public static final ConfigKey<Long> HEALTH_WRITE_BEHIND_BACKLOG = key("strata.health.write-behind-backlog",
            10_000L, "whole number >= 1", "Spring Boot starter: the Actuator health of the store is DEGRADED "
                    + "while a write-behind queue holds more writes than this (queued and not yet committed).",
            s -> ValueParsers.atLeast(s, 1));

    // ---- jdbc ---------------------------------------------------------------------------------------

    public static final ConfigKey<Boolean> JDBC_ENABLED = key("strata.jdbc.enabled", true, "true | false",
            "Cache query results in the JDBC driver / DataSource wrapper; false passes every call straight through.",
            ValueParsers::bool);

    public static final ConfigKey<Boolean> JDBC_CACHE_BY_DEFAULT = key("strata.jdbc.cache-by-default", true,
            "true | false", "Cache every safe SELECT; false caches only statements carrying a "
                    + "/* strata:cache */ hint.", ValueParsers::bool);

    public static final ConfigKey<String> JDBC_ADMISSION = key("strata.jdbc.admission", "second-miss-when-full",
            "second-miss-when-full | first-miss | second-miss", "When a cacheable result is stored. first-miss: the "
                    + "first time it is read. second-miss: only when the same query (SQL and parameters) missed "
                    + "before among the region's last max-entries new queries; a query run once then passes straight "
                    + "through, neither materialised nor stored, so one-off queries cost nothing and cannot evict "
                    + "the ones read often. second-miss-when-full: first-miss while the region has room, second-miss "
                    + "once it is full (storing would push another result out). A /* strata:cache */ hint is always "
                    + "stored on its first miss.",
            s -> ValueParsers.oneOf(s, "second-miss-when-full", "first-miss", "second-miss"));

    public static final ConfigKey<String> JDBC_REGION = key("strata.jdbc.region", "jdbc-query-results", "a region name",
            "Region holding cached query results; its TTL (strata.region.<name>.ttl, else strata.defaults.ttl) is "
                    + "the default query TTL and its max-entries bounds the number of cached results.",
            s -> requireText(s));

    public static final ConfigKey<Long> JDBC_MAX_CACHED_ROWS = key("strata.jdbc.max-cached-rows", 1_000L,
            "whole number >= 1", "Largest result (in rows) that is cached; a bigger result streams from the database "
                    + "uncached.", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Long> JDBC_MAX_CACHED_BYTES = key("strata.jdbc.max-cached-bytes", 1L << 20,
            "size (512k, 1m, 2g) or bytes", "Largest result (estimated heap bytes) that is cached; a bigger result "
                    + "streams from the database uncached.", ValueParsers::bytes);

    public static final ConfigKey<Long> JDBC_ANALYSIS_CACHE_SIZE = key("strata.jdbc.analysis-cache-size", 5_000L,
            "whole number >= 1", "Distinct SQL texts whose analysis (tables, cacheability) is kept; the SQL parser "
                    + "runs once per text while it stays in this cache.", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Duration> JDBC_ANALYSIS_BUDGET = key("strata.jdbc.analysis-budget",
            Duration.ofMillis(5), "duration >= 1ms", "Longest the SQL analysis of one statement text may take on "
                    + "the calling thread; a statement that needs longer, or is longer than 1 MiB or nested more "
                    + "than 16 parentheses deep, runs uncached as too complex to analyse (a write of unknown "
                    + "target then invalidates everything). Plain queries, UPDATEs and DELETEs are read without "
                    + "the parser, in time linear in their length, and need no budget.",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> JDBC_FUNCTION_CATALOG_TTL = key("strata.jdbc.function-catalog-ttl",
            Duration.ofSeconds(60), "duration (10s, 60s, 5m); 0 = ask at every execution",
            "How long the database's answer on a user function's volatility (PostgreSQL pg_proc.provolatile, H2 "
                    + "INFORMATION_SCHEMA.ROUTINES.IS_DETERMINISTIC) is kept. DDL through Strata forgets every "
                    + "answer at once; a function changed by another client or another instance is seen after "
                    + "at most this long.", ValueParsers::duration);

    // ---- distributed tier (Hazelcast) ----------------------------------------------------------------

    public static final ConfigKey<String> HAZELCAST_MODE = key("strata.hazelcast.mode", "embedded",
            "embedded | client", "With strata.tier=distributed: start an embedded Hazelcast member in this JVM, or "
                    + "connect as a client to the members in strata.hazelcast.members.",
            s -> ValueParsers.oneOf(s, "embedded", "client"));

    public static final ConfigKey<List<String>> HAZELCAST_MEMBERS = key("strata.hazelcast.members",
            List.of("127.0.0.1"), "comma-separated host or host:port",
            "Members to join (embedded: TCP-IP join list, multicast is never used) or to connect to (client). "
                    + "A host without a port means ports port..port+2.", s -> nonEmpty(ValueParsers.list(s)));

    public static final ConfigKey<String> HAZELCAST_CLUSTER_NAME = key("strata.hazelcast.cluster-name", "strata",
            "a name", "Hazelcast cluster name; only members and clients with the same name talk to each other.",
            s -> requireText(s));

    public static final ConfigKey<String> HAZELCAST_BIND_ADDRESS = key("strata.hazelcast.bind-address",
            "127.0.0.1", "an IPv4 address of this host",
            "Embedded member: the only interface it binds and the address it announces to other members.",
            s -> requireText(s));

    public static final ConfigKey<Long> HAZELCAST_PORT = key("strata.hazelcast.port", 5701L,
            "port number 1..65535", "Embedded member: first port tried; the next free port is taken when it is busy.",
            s -> port(s));

    public static final ConfigKey<Long> HAZELCAST_BACKUP_COUNT = key("strata.hazelcast.backup-count", 1L,
            "0..6", "Synchronous backups of every region entry and tag version (1 survives the loss of one member).",
            s -> between(s, 0, 6));

    public static final ConfigKey<Boolean> HAZELCAST_NEAR_CACHE = key("strata.hazelcast.near-cache.enabled", true,
            "true | false", "Keep hot entries in-process in front of the distributed tier.", ValueParsers::bool);

    public static final ConfigKey<Long> HAZELCAST_NEAR_CACHE_MAX_ENTRIES = key(
            "strata.hazelcast.near-cache.max-entries", 10_000L, "whole number >= 1",
            "Most entries one region's near cache holds on this JVM (also capped by the region's max-entries); "
                    + "the least frequently read go first.", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Duration> HAZELCAST_NEAR_CACHE_TTL = key("strata.hazelcast.near-cache.ttl",
            Duration.ofSeconds(30), "duration (250ms, 30s, 10m); > 0",
            "Hard staleness bound of a near copy: it is dropped this long after it was fetched even if an "
                    + "invalidation was lost.", s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Long> HAZELCAST_NEAR_CACHE_MIN_READS = key("strata.hazelcast.near-cache.min-reads",
            2L, "whole number 1..15", "Reads of a key (recently, per JVM) before its value is admitted to the near "
                    + "cache: keys read once stay out.", s -> between(s, 1, 15));

    public static final ConfigKey<Duration> HAZELCAST_OPERATION_TIMEOUT = key(
            "strata.hazelcast.operation-timeout", Duration.ofMillis(500), "duration (250ms, 2s); > 0",
            "Longest a read or write waits for the cluster before it degrades to the database.",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Long> HAZELCAST_BREAKER_FAILURES = key(
            "strata.hazelcast.circuit-breaker.failures", 5L, "whole number >= 1",
            "Consecutive failed cluster operations that open the circuit breaker (then calls skip the cluster).",
            s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Duration> HAZELCAST_BREAKER_OPEN_FOR = key(
            "strata.hazelcast.circuit-breaker.open-for", Duration.ofSeconds(2), "duration (500ms, 5s); > 0",
            "How long an open circuit breaker skips the cluster before one call probes it again.",
            s -> positive(ValueParsers.duration(s)));

    // ---- distributed tier: shared embedded member ----

    public static final ConfigKey<Boolean> HAZELCAST_SHARE_MEMBER = key("strata.hazelcast.share-member", false,
            "true | false", "Embedded mode: stores of this JVM with the same cluster name, bind address, port, "
                    + "member list and operation timeout use one embedded member (reference-counted, shut down "
                    + "with the last store) instead of starting a member each. The JCache provider turns it on "
                    + "for its cache managers unless their properties set it.", ValueParsers::bool);

    public static final ConfigKey<Duration> HAZELCAST_SHARE_MEMBER_LINGER = key(
            "strata.hazelcast.share-member.linger", Duration.ZERO, "duration (0s, 500ms, 30s); >= 0",
            "With share-member: how long a shared member outlives its last store, so a store created soon "
                    + "after (cache managers closed and reopened) reuses it instead of starting a new one.",
            ValueParsers::duration);

    // ---- invalidation between instances ------------------------------------------------------------

    public static final ConfigKey<String> INVALIDATION_MODE = key("strata.invalidation.mode", "auto",
            "auto | notify | triggers | logical | poll | off", "How writes reach the other instances (JVMs) sharing "
                    + "the database. notify: PostgreSQL LISTEN/NOTIFY, sent inside the writing transaction (auto-commit "
                    + "writes: right after, from a publisher connection). triggers: NOTIFY from statement-level "
                    + "triggers installed on the tables (see docs/invalidation.md), which also sees writes that "
                    + "bypass Strata. logical: notify, plus a reader of PostgreSQL's logical decoding (a replication "
                    + "slot with pgoutput) that sees every committed write, whoever made it, without triggers; needs "
                    + "wal_level=logical and a role with REPLICATION (on the distributed tier: only the reader, on one "
                    + "member per cluster, see strata.invalidation.leader-lease). poll: any database; a version table (created "
                    + "on demand, see strata.invalidation.table) bumped inside the writing transaction and read by "
                    + "every instance each strata.invalidation.poll-interval. off: other instances see a write after "
                    + "their TTL. auto: notify on PostgreSQL with the local tier; off on H2 in-memory, other databases "
                    + "(poll is never chosen by auto: it creates a table) and the distributed tier (whose writes reach "
                    + "every member already).",
            s -> ValueParsers.oneOf(s, "auto", "notify", "triggers", "logical", "poll", "off"));

    public static final ConfigKey<String> INVALIDATION_CHANNEL = key("strata.invalidation.channel", "",
            "a PostgreSQL identifier; empty = strata_<store name>",
            "Notification channel shared by the instances of one store (mode poll: the version table's channel "
                    + "column, so that stores sharing one table keep apart).", s -> s);

    public static final ConfigKey<String> INVALIDATION_SLOT = key("strata.invalidation.slot", "",
            "a replication slot name (a-z, 0-9, _; 63 at most); empty = a temporary slot",
            "Mode logical: the replication slot this instance reads. Empty: a temporary slot named strata_<store "
                    + "name>_<random>, gone with its connection. A name: a permanent slot, created when missing and "
                    + "dropped at close; one instance per name (a slot serves one reader; on the distributed tier "
                    + "the members of a cluster share it, read by one at a time), and a JVM that dies "
                    + "holding it leaves it behind, retaining WAL until it is dropped (see docs/invalidation.md).",
            s -> s);

    public static final ConfigKey<String> INVALIDATION_PUBLICATION = key("strata.invalidation.publication", "",
            "a publication name; empty = strata_<store name>",
            "Mode logical: the publication whose tables the slot reports. Created FOR ALL TABLES when missing "
                    + "(needs a superuser); a publication created beforehand (any tables) is used as it is.",
            s -> s);

    public static final ConfigKey<String> INVALIDATION_TABLE = key("strata.invalidation.table",
            "strata_invalidation", "a table name, optionally schema-qualified (letters, digits, _; 63 at most each)",
            "Mode poll: the version table, created with CREATE TABLE IF NOT EXISTS when missing (or created once by a "
                    + "DBA: the statement is in docs/invalidation.md and in the error logged when it cannot be "
                    + "created). One row per store channel and table tag; shared by every store on the database.",
            ConfigKeys::tableName);

    public static final ConfigKey<Duration> INVALIDATION_POLL_INTERVAL = key("strata.invalidation.poll-interval",
            Duration.ofMillis(500), "duration (100ms, 500ms, 2s); >= 10ms", "Mode poll: the pause between two reads "
                    + "of the version table by each instance: the window in which another instance may still serve "
                    + "a result older than a committed write (plus the read itself). Each read is one query.",
            s -> atLeast(ValueParsers.duration(s), Duration.ofMillis(10)));

    public static final ConfigKey<Duration> INVALIDATION_PUBLISH_DELAY = key("strata.invalidation.publish-delay",
            Duration.ofMillis(2), "duration (0ms, 2ms, 20ms); 0 to 1s", "Modes notify, logical and poll: while "
                    + "auto-commit writes come steadily, the publisher sends at most one notification (bump) per "
                    + "delay, carrying every write of that time, instead of one per write: that spares the database "
                    + "a transaction and every listener a wake-up per write. A write after a quiet spell is sent at "
                    + "once. It adds at most this much to the window in which other instances have not heard of an "
                    + "auto-commit write; writes in a transaction are never delayed (their notification commits with "
                    + "them). 0: one message per send, as soon as the previous one is done.",
            s -> atMost(ValueParsers.duration(s), Duration.ofSeconds(1)));

    public static final ConfigKey<String> INVALIDATION_JDBC_URL = key("strata.invalidation.jdbc-url", "",
            "a JDBC URL; empty = the wrapped driver's or DataSource's", "Database URL for the dedicated listener "
                    + "(mode poll: poller) and publisher connections (mode logical: also the replication connection "
                    + "and its probe). The driver uses its own URL; a wrapped DataSource its URL property when it has one (HikariCP, "
                    + "PGSimpleDataSource), else one of its connections (mode logical then cannot work); Hibernate "
                    + "its connection URL settings or its DataSource's URL property, never a connection of its pool "
                    + "(without either, set this).",
            s -> s);

    public static final ConfigKey<String> INVALIDATION_USER = key("strata.invalidation.user", "", "a user name",
            "User for the dedicated connections when strata.invalidation.jdbc-url is set.", s -> s);

    public static final ConfigKey<String> INVALIDATION_PASSWORD = key("strata.invalidation.password", "",
            "a password (never logged)", "Password for the dedicated connections when strata.invalidation.jdbc-url "
                    + "is set.", s -> s);

    public static final ConfigKey<Duration> INVALIDATION_STARTUP_WAIT = key("strata.invalidation.startup-wait",
            Duration.ofSeconds(5), "duration (500ms, 5s); >= 0", "How long the first connection waits for the "
                    + "listener to be listening; until it is, reads pass the cache by.", ValueParsers::duration);

    public static final ConfigKey<Duration> INVALIDATION_MAX_BACKOFF = key("strata.invalidation.max-backoff",
            Duration.ofSeconds(5), "duration (1s, 5s); > 0", "Longest pause between two reconnection attempts of "
                    + "the listener (it starts at 100 ms and doubles).", s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> INVALIDATION_HEALTH_CHECK = key("strata.invalidation.health-check",
            Duration.ofSeconds(5), "duration (1s, 5s); > 0", "How often the listener proves its connection alive "
                    + "(a connection lost without a word is noticed within this time).",
            s -> positive(ValueParsers.duration(s)));

    public static final ConfigKey<Duration> INVALIDATION_LEADER_LEASE = key("strata.invalidation.leader-lease",
            Duration.ofSeconds(5), "duration (2s, 5s, 30s); >= 100ms", "Mode logical on the distributed tier: one "
                    + "member per cluster reads the replication slot, elected by a lock with this lease in a Hazelcast "
                    + "map, renewed by the holder. A holder that stops renewing (hung, cut off) loses it after this "
                    + "long and another member takes over within this plus strata.invalidation.leader-retry; one "
                    + "that leaves the cluster (closed, killed) loses it as soon as the cluster notices.",
            s -> atLeast(ValueParsers.duration(s), Duration.ofMillis(100)));

    public static final ConfigKey<Duration> INVALIDATION_LEADER_RETRY = key("strata.invalidation.leader-retry",
            Duration.ofMillis(500), "duration (100ms, 500ms, 2s); >= 10ms", "Mode logical on the distributed "
                    + "tier: how often the members standing by try to take the slot reader's lock and re-read "
                    + "whether a reader is up (they pass reads through while none is: a reader that stopped is "
                    + "noticed within this long); the holder renews its lease this often, or every third of "
                    + "strata.invalidation.leader-lease when that is shorter.",
            s -> atLeast(ValueParsers.duration(s), Duration.ofMillis(10)));

    /** The settings a region may override as {@code strata.region.<name>.<setting>}, keyed by setting. */
    public static final Map<String, ConfigKey<?>> REGION_SETTINGS = Map.of(
            "ttl", DEFAULT_TTL,
            "max-entries", DEFAULT_MAX_ENTRIES,
            "store-by-value", DEFAULT_STORE_BY_VALUE,
            "refresh-ahead", DEFAULT_REFRESH_AHEAD);

    private ConfigKeys() {
    }

    /** All declared keys, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** The declared key of that exact name, or {@code null}. */
    public static ConfigKey<?> byName(String name) {
        return ALL.get(name);
    }

    private static <T> ConfigKey<T> key(String name, T defaultValue, String form, String description,
                                        java.util.function.Function<String, T> parser) {
        ConfigKey<T> key = new ConfigKey<>(name, defaultValue, form, description, parser);
        if (ALL.put(name, key) != null) {
            throw new IllegalStateException("configuration key declared twice: " + name);
        }
        return key;
    }

    private static Duration atLeast(Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException("must be at least " + min.toMillis() + "ms");
        }
        return d;
    }

    private static Duration atMost(Duration d, Duration max) {
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be at most " + max.toMillis() + "ms");
        }
        return d;
    }

    /** An unquoted SQL name, optionally schema-qualified: it is written into statements as it is. */
    private static String tableName(String raw) {
        String s = raw.trim();
        if (!s.matches("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("must be a table name of letters, digits and _ (not starting with a "
                    + "digit, 63 at most), optionally schema-qualified as schema.table");
        }
        return s;
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be at least 1ms");
        }
        return d;
    }

    private static String requireText(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return s;
    }

    private static List<String> nonEmpty(List<String> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("must name at least one entry");
        }
        return list;
    }

    private static long port(String s) {
        return between(s, 1, 65_535);
    }

    private static long between(String s, long min, long max) {
        long value = ValueParsers.atLeast(s, min);
        if (value > max) {
            throw new IllegalArgumentException("must be at most " + max);
        }
        return value;
    }
}
