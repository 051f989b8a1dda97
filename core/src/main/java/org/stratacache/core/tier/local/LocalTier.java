package org.stratacache.core.tier.local;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.internal.statistics.DefaultTierStatistics;
import org.ehcache.core.internal.statistics.StatsUtils;
import org.ehcache.core.statistics.CacheOperationOutcomes;
import org.ehcache.expiry.ExpiryPolicy;
import org.ehcache.spi.copy.Copier;
import com.github.benmanes.caffeine.cache.Ticker;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.internal.CoarseClock;
import org.stratacache.core.internal.TickExecutor;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.tag.LocalTagVersions;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * The embedded default: each region is an on-heap cache bounded by entry count, kept by one of two engines
 * ({@link Engine}): Caffeine (the default) or Ehcache 3.
 *
 * <p>Entries are {@link StoredEntry} records, immutable, so by default the engine holds them by reference and
 * a hit costs no copy. With store-by-value Strata's {@link SerializingCopier} copies on put and on get. Expiry is
 * per entry: the entry's own TTL when it carries one (JDBC hints), else the region's.
 *
 * <p>Why Caffeine by default: a hit on Ehcache's heap store cost 3.7 times Caffeine's at one thread and 4.8 times
 * at 16 (issue 19's measurements), and Strata used nothing that only Ehcache offers (its off-heap and disk tiers
 * are not configured by Strata). The Ehcache engine stays selectable ({@code strata.local.engine=ehcache}).
 *
 * <p>Ehcache engine: evictions, expirations and the entry count are read from the heap tier's own counters
 * ({@link DefaultTierStatistics}), not from cache event listeners — a registered synchronous listener made every put
 * about 30 times slower (measured: 0.4 µs without, 10–30 µs with), for events Strata only needs to count — and not
 * from Ehcache's statistics service either: its cache statistics register latency monitors that read the clock
 * twice on every get, half the time of a hit (JFR over {@code RegionHitBenchmark}: 48 % of the samples in
 * {@code GeneralOperationStatistic.end}). Ehcache starts that service on its own (its heap store names it as an
 * optional dependency), so each new cache's operations are stripped of those monitors
 * ({@link #dropLatencyMonitors}); the plain counters stay.
 *
 * <p>We use Ehcache's native API rather than its JCache facade: the facade adds a layer of statistics and
 * listener plumbing per call that Strata replaces with its own (tags and staleness are only visible at
 * the region level), and Strata's own {@code javax.cache} view sits over regions instead.
 */
public final class LocalTier implements Tier {
    /** What keeps a region's entries. */
    public enum Engine {
        /** Caffeine's bounded cache (the default). */
        CAFFEINE,
        /** Ehcache 3's on-heap store, through its native API. */
        EHCACHE;

        /** The engine a {@code strata.local.engine} value names. */
        public static Engine named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Engine engine;
    /** Null unless the engine is Ehcache. */
    private final CacheManager cacheManager;
    /** Runs the Caffeine engine's maintenance; null when the engine is Ehcache. */
    private final TickExecutor maintenance;
    /** The Caffeine engine's expiry clock when coarse; null when exact (or the engine is Ehcache). */
    private final CoarseClock coarseClock;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The Caffeine engine's open caches, closed with the tier (the Ehcache engine's manager closes its own). */
    private final Set<CaffeineTierCache<?, ?>> caffeineCaches = ConcurrentHashMap.newKeySet();
    private final TagVersions tagVersions = new LocalTagVersions();
    private final ClassLoader classLoader;

    /** A local tier on the default engine, Caffeine, with the coarse expiry clock. */
    public LocalTier() {
        this(Engine.CAFFEINE, true);
    }

    /**
     * @param engine      what keeps the entries
     * @param coarseClock Caffeine engine: expire by {@link CoarseClock} (a millisecond tick) rather than
     *                    {@code System.nanoTime()} per hit ({@code strata.expiry.clock})
     */
    public LocalTier(Engine engine, boolean coarseClock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.coarseClock = coarseClock && engine == Engine.CAFFEINE ? CoarseClock.acquire() : null;
        this.maintenance = engine == Engine.CAFFEINE ? TickExecutor.acquire() : null;
        this.classLoader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                LocalTier.class.getClassLoader());
        this.cacheManager = engine == Engine.EHCACHE ? CacheManagerBuilder.newCacheManagerBuilder().build(true)
                : null;
    }

    /** The engine that keeps this tier's regions. */
    public Engine engine() {
        return engine;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, V> TierCache<K, V> createCache(String regionName, RegionSettings settings, TierListener listener) {
        if (engine == Engine.CAFFEINE) {
            if (closed.get()) {
                throw new IllegalStateException("the local tier is closed");
            }
            CaffeineTierCache<K, V> created = new CaffeineTierCache<>(settings,
                    settings.storeByValue() ? SerializingCopier.forRegion(regionName, classLoader) : null,
                    coarseClock == null ? Ticker.systemTicker() : coarseClock::nanoTime, maintenance,
                    caffeineCaches::remove);
            caffeineCaches.add(created);
            return created;
        }
        CacheConfigurationBuilder<Object, StoredEntry> config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(Object.class, StoredEntry.class,
                        ResourcePoolsBuilder.heap(settings.maxEntries()))
                .withExpiry(new EntryExpiry(settings.ttl()));
        if (settings.storeByValue()) {
            config = config.withValueCopier(
                    (Copier) new CopyingValues(SerializingCopier.forRegion(regionName, classLoader)));
        }
        String alias = regionName;
        org.ehcache.Cache<Object, StoredEntry> cache = cacheManager.createCache(alias, config.build());
        dropLatencyMonitors(cache);
        return new EhcacheTierCache<>(cacheManager, alias, (org.ehcache.Cache) cache,
                new DefaultTierStatistics(cache, "OnHeap"));
    }

    @Override
    public TagVersions tagVersions() {
        return tagVersions;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (cacheManager != null) {
            cacheManager.close();
        }
        for (CaffeineTierCache<?, ?> cache : List.copyOf(caffeineCaches)) {
            cache.close();
        }
        if (coarseClock != null) {
            coarseClock.release();
        }
        if (maintenance != null) {
            maintenance.release(); // after the caches closed: what they queued runs at the thread's last round
        }
    }

    /** Expiry from the region TTL, or from the entry's own TTL when it has one; reads do not extend it. */
    @SuppressWarnings("rawtypes")
    private record EntryExpiry(Duration regionTtl) implements ExpiryPolicy<Object, StoredEntry> {

        @Override
        public Duration getExpiryForCreation(Object key, StoredEntry value) {
            return ttlOf(value);
        }

        @Override
        public Duration getExpiryForAccess(Object key, Supplier<? extends StoredEntry> value) {
            return null; // unchanged
        }

        @Override
        public Duration getExpiryForUpdate(Object key, Supplier<? extends StoredEntry> oldValue, StoredEntry value) {
            return ttlOf(value);
        }

        private Duration ttlOf(StoredEntry value) {
            Duration ttl = value.hasOwnTtl() ? Duration.ofMillis(value.ttlMillis()) : regionTtl;
            return ttl.isZero() ? ExpiryPolicy.INFINITE : ttl;
        }
    }

    /** Ehcache's copier hook over Strata's one copier: a serialised copy on put and on get. */
    private record CopyingValues(SerializingCopier copier) implements Copier<StoredEntry<Object>> {

        @Override
        public StoredEntry<Object> copyForRead(StoredEntry<Object> entry) {
            return entry == null ? null : copier.copy(entry, "value");
        }

        @Override
        public StoredEntry<Object> copyForWrite(StoredEntry<Object> entry) {
            return entry == null ? null : copier.copy(entry, "value");
        }
    }

    /** Removes what Ehcache's statistics service derives from a cache's operations (latency monitors; see above). */
    private static void dropLatencyMonitors(org.ehcache.Cache<?, ?> cache) {
        dropDerived(cache, CacheOperationOutcomes.GetOutcome.class, "get");
        dropDerived(cache, CacheOperationOutcomes.PutOutcome.class, "put");
        dropDerived(cache, CacheOperationOutcomes.RemoveOutcome.class, "remove");
        dropDerived(cache, CacheOperationOutcomes.PutIfAbsentOutcome.class, "putIfAbsent");
        dropDerived(cache, CacheOperationOutcomes.ReplaceOutcome.class, "replace");
        dropDerived(cache, CacheOperationOutcomes.ConditionalRemoveOutcome.class, "conditionalRemove");
    }

    private static <T extends Enum<T>> void dropDerived(org.ehcache.Cache<?, ?> cache, Class<T> outcomes, String name) {
        if (StatsUtils.hasOperationStat(cache, outcomes, name)) {
            var statistic = StatsUtils.findOperationStatisticOnChildren(cache, outcomes, name);
            for (var derived : List.copyOf(statistic.getDerivedStatistics())) {
                statistic.removeDerivedStatistic(derived);
            }
        }
    }
}
