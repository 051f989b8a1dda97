package org.stratacache.jdbc.proxy;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.jdbc.result.CachedResult;
import org.stratacache.jdbc.sql.SqlAnalyzer;
import org.stratacache.jdbc.sql.TableNames;

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

    private final RegionStore store;
    private final boolean ownsStore;
    private final Region<QueryKey, CachedResult> region;
    private final SqlAnalyzer analyzer;
    private final Relations relations = new Relations();
    private final WriteBehindTables writeBehind;
    private final boolean enabled;
    private final boolean cacheByDefault;
    private final long maxRows;
    private final long maxBytes;
    private final Duration defaultTtl;
    private final Admission admission;
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder uncached = new LongAdder();
    final LongAdder streamed = new LongAdder();
    final LongAdder notAdmitted = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder failures = new LongAdder();

    private StrataContext(RegionStore store, boolean ownsStore) {
        this.store = store;
        this.ownsStore = ownsStore;
        StrataConfig config = store.config();
        this.enabled = config.get(ConfigKeys.JDBC_ENABLED);
        this.cacheByDefault = config.get(ConfigKeys.JDBC_CACHE_BY_DEFAULT);
        this.maxRows = config.get(ConfigKeys.JDBC_MAX_CACHED_ROWS);
        this.maxBytes = config.get(ConfigKeys.JDBC_MAX_CACHED_BYTES);
        this.analyzer = SqlAnalyzer.of(config);
        String regionName = config.get(ConfigKeys.JDBC_REGION);
        this.region = store.region(regionName);
        this.writeBehind = new WriteBehindTables(store);
        this.defaultTtl = region.settings().ttl();
        this.admission = new Admission(config.get(ConfigKeys.JDBC_ADMISSION), region);
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

    WriteBehindTables writeBehind() {
        return writeBehind;
    }

    SqlAnalyzer analyzer() {
        return analyzer;
    }

    Relations relations() {
        return relations;
    }

    Region<QueryKey, CachedResult> region() {
        return region;
    }

    TagSnapshot snapshot(Collection<String> tags) {
        return store.snapshot(tags);
    }

    /** Invalidates table tags (or everything, with {@link TableNames#ALL_TAG}); failures degrade. */
    void invalidate(Collection<String> tags) {
        for (String tag : tags) {
            try {
                store.invalidateTag(tag);
                invalidations.increment();
            } catch (RuntimeException e) {
                failure("invalidate", e);
            }
        }
        if (tags.contains(TableNames.ALL_TAG)) {
            relations.clear();
        }
    }

    /** Counts an internal failure and logs the first of each kind; never throws. */
    void failure(String where, Throwable e) {
        failures.increment();
        if (loggedFailures.add(where + ':' + e.getClass().getName())) {
            LOG.warn("Strata JDBC: internal failure in {}; the call passes through to the database uncached "
                    + "(logged once per kind, counted in strataFailures)", where, e);
        }
    }

    public JdbcStats stats() {
        return new JdbcStats(hits.sum(), misses.sum(), uncached.sum(), streamed.sum(), notAdmitted.sum(),
                invalidations.sum(), failures.sum());
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "StrataContext[" + store.name() + ", enabled=" + enabled + ", " + stats() + "]";
    }
}
