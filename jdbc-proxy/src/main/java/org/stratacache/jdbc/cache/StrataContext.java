package org.stratacache.jdbc.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.UncachedReason;
import org.stratacache.jdbc.result.CachedResult;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.SqlAnalyzer;
import org.stratacache.jdbc.sql.TableNames;
import org.stratacache.jdbc.writebehind.WriteBehindTables;

/**
 * Everything the connections of one configuration share: the region store and its query-result region,
 * the SQL analyser, the relation metadata, the limits and the counters.
 *
 * <p>Failure policy: Strata's own failures (a tier error, an analyser bug) never reach the application.
 * {@link #failure(String, Throwable)} counts them and logs each kind once; the caller then passes the call
 * through to the database as if Strata were not there.
 */
public final class StrataContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StrataContext.class);
    /** What a statement the analyser failed on counts as: unknown, so it invalidates everything. */
    public static final SqlAnalysis UNANALYSABLE = new SqlAnalysis(SqlAnalysis.Kind.UNKNOWN, Set.of(), Set.of(),
            true, false, "analysis failed", SqlAnalysis.Hint.NONE, null);

    private final RegionStore store;
    private final boolean ownsStore;
    private final Region<QueryKey, CachedResult> region;
    private final SqlAnalyzer analyzer;
    private final Relations relations = new Relations();
    private final FunctionVolatility functions;
    private final WriteBehindTables writeBehind;
    private final boolean enabled;
    private final boolean cacheByDefault;
    private final long maxRows;
    private final long maxBytes;
    private final Duration defaultTtl;
    private final Admission admission;
    private final BusRegistry buses;
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder streamed = new LongAdder();
    private final LongAdder notAdmitted = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** Uncached reads by {@link UncachedReason#ordinal()}. */
    private final LongAdder[] uncached = new LongAdder[UncachedReason.values().length];
    /** Counted on the uncached path only, so the hit path pays nothing for the watch. */
    private final java.util.concurrent.atomic.AtomicLong uncachedSinceLook = new java.util.concurrent.atomic.AtomicLong();
    private final UncachedWatch watch = new UncachedWatch();
    /** This context's registered statistics MXBean; null when JMX is off. */
    private final JdbcStatistics.Registration jmx;

    private StrataContext(RegionStore store, boolean ownsStore) {
        this.store = store;
        this.ownsStore = ownsStore;
        StrataConfig config = store.config();
        this.enabled = config.get(ConfigKeys.JDBC_ENABLED);
        this.cacheByDefault = config.get(ConfigKeys.JDBC_CACHE_BY_DEFAULT);
        this.maxRows = config.get(ConfigKeys.JDBC_MAX_CACHED_ROWS);
        this.maxBytes = config.get(ConfigKeys.JDBC_MAX_CACHED_BYTES);
        this.analyzer = SqlAnalyzer.of(config);
        this.functions = new FunctionVolatility(config.get(ConfigKeys.JDBC_FUNCTION_CATALOG_TTL));
        String regionName = config.get(ConfigKeys.JDBC_REGION);
        this.region = store.region(regionName);
        this.writeBehind = new WriteBehindTables(store);
        this.defaultTtl = region.settings().ttl();
        this.admission = new Admission(config.get(ConfigKeys.JDBC_ADMISSION), region);
        for (int i = 0; i < uncached.length; i++) {
            uncached[i] = new LongAdder();
        }
        this.buses = new BusRegistry(config, store.name(), store.tier(), "jdbc", new InvalidationBus.Receiver() {
                @Override
                public void invalidated(Collection<String> tags) {
                    invalidateLocally(tags);
                }

                @Override
                public void invalidateAll() {
                    invalidateLocally(Set.of(TableNames.ALL_TAG));
                }

                @Override
                public Collection<String> tagsOfTables(Collection<String> tables) {
                    return tables.stream().map(TableNames::tag).toList(); // lower-case bare names already
                }
            });
        this.writeBehind.onWritten(tag -> buses.publishEverywhere(Set.of(tag)));
        this.jmx = config.get(ConfigKeys.STATISTICS_JMX)
                ? JdbcStatistics.register(store.jmxName(), this::stats) : null;
    }

    /** A context with its own store built from {@code config}; closing the context closes the store. */
    public static StrataContext create(StrataConfig config) {
        return new StrataContext(RegionStore.fromProperties(config.asMap()), true);
    }

    /** A context over a store the caller owns (closing the context leaves it open). */
    public static StrataContext over(RegionStore store) {
        return new StrataContext(store, false);
    }

    public RegionStore store() {
        return store;
    }

    public boolean enabled() {
        return enabled;
    }

    boolean cacheByDefault() {
        return cacheByDefault;
    }

    long maxRows() {
        return maxRows;
    }

    long maxBytes() {
        return maxBytes;
    }

    Duration defaultTtl() {
        return defaultTtl;
    }

    /**
     * Whether a cacheable miss of {@code key} stores its result ({@link Admission}); if the region cannot say
     * how full it is, the failure is counted and the result stored, as with {@code first-miss}.
     */
    boolean admits(QueryKey key, boolean hintedCache) {
        try {
            return admission.admits(key, hintedCache);
        } catch (RuntimeException e) {
            failure("admission", e);
            return true;
        }
    }

    public WriteBehindTables writeBehind() {
        return writeBehind;
    }

    /** The analysis of {@code sql}; an analyser failure degrades to "unknown statement" (invalidate all). */
    public SqlAnalysis analyze(String sql) {
        try {
            return analyzer.analyze(sql);
        } catch (RuntimeException | StackOverflowError e) {
            failure("analysis", e);
            return UNANALYSABLE;
        }
    }

    Relations relations() {
        return relations;
    }

    /** The catalog answers on user functions of the database at {@code url}. */
    FunctionVolatility.Database functionsOf(String url) {
        return functions.of(url);
    }

    /** DDL ran through Strata: a function may have been created, replaced or dropped; every answer is asked again. */
    void functionsChanged() {
        functions.clear();
    }

    Region<QueryKey, CachedResult> region() {
        return region;
    }

    TagSnapshot snapshot(Collection<String> tags) {
        return store.snapshot(tags);
    }

    /**
     * Invalidates table tags (or everything, with {@link TableNames#ALL_TAG}) after a write this instance saw,
     * here only; {@link ConnectionState} publishes committed writes to the other instances. Failures degrade.
     */
    public void invalidate(Collection<String> tags) {
        invalidations.add(invalidateLocally(tags));
    }

    /** Bumps the tags in the store; returns how many were bumped (a failing one is counted as a failure). */
    private int invalidateLocally(Collection<String> tags) {
        int done = 0;
        for (String tag : tags) {
            try {
                store.invalidateTag(tag);
                done++;
            } catch (RuntimeException e) {
                failure("invalidate", e);
            }
        }
        if (tags.contains(TableNames.ALL_TAG)) {
            relations.clear();
            writeBehind.schemaChanged();
        }
        return done;
    }

    /** The invalidation bus between the instances sharing the database at {@code url} (without password). */
    public InvalidationBus busFor(String url, BusRegistry.DedicatedConnections dedicated) {
        return buses.busFor(url, dedicated);
    }

    /** Counters of the invalidation buses of this context. */
    public InvalidationStats invalidationStats() {
        return buses.stats();
    }

    /** Counts an internal failure and logs the first of each kind; never throws. */
    public void failure(String where, Throwable e) {
        failures.increment();
        if (loggedFailures.add(where + ':' + e.getClass().getName())) {
            LOG.warn("Strata JDBC: internal failure in {}; the call passes through to the database uncached "
                    + "(logged once per kind, counted in strataFailures)", where, e);
        }
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void notAdmitted() {
        notAdmitted.increment();
    }

    void streamed() {
        streamed.increment();
    }

    /** A read that ran without the cache, and why. */
    void uncached(UncachedReason reason, String sql) {
        uncached[reason.ordinal()].increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Strata JDBC: read runs uncached ({}): {}", reason.description(), sql);
        }
        if (uncachedSinceLook.incrementAndGet() % UncachedWatch.EVERY == 0) {
            watch.look(hits.sum() + misses.sum(), uncachedCounts());
        }
    }

    private long[] uncachedCounts() {
        long[] counts = new long[uncached.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = uncached[i].sum();
        }
        return counts;
    }

    public JdbcStats stats() {
        Map<UncachedReason, Long> byReason = new EnumMap<>(UncachedReason.class);
        long uncachedTotal = 0;
        for (UncachedReason reason : UncachedReason.values()) {
            long n = uncached[reason.ordinal()].sum();
            if (n > 0) {
                byReason.put(reason, n);
                uncachedTotal += n;
            }
        }
        return new JdbcStats(hits.sum(), misses.sum(), uncachedTotal, streamed.sum(), notAdmitted.sum(),
                invalidations.sum(), failures.sum(), byReason, writeBehind.notQueuedByReason(),
                writeBehind.replayedRows(), functions.lookups(), functions.failures());
    }

    @Override
    public void close() {
        buses.close();
        if (jmx != null) {
            jmx.close();
        }
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "StrataContext[" + store.name() + ", enabled=" + enabled + ", " + stats() + "]";
    }
}
