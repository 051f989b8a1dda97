package org.stratacache.core.tier.local;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
import org.stratacache.core.RegionSettings;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.tag.LocalTagVersions;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * The embedded default: each region is an Ehcache 3 on-heap cache bounded by entry count.
 *
 * <p>Entries are {@link StoredEntry} records, immutable, so by default Ehcache holds them by reference and
 * a hit costs no copy. With store-by-value Strata's {@link SerializingCopier} copies on put and on get. Expiry is
 * per entry: the entry's own TTL when it carries one (JDBC hints), else the region's.
 *
 * <p>Evictions, expirations and the entry count are read from the heap tier's own counters
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
    private final CacheManager cacheManager;
    private final TagVersions tagVersions = new LocalTagVersions();
    private final ClassLoader classLoader;

    public LocalTier() {
        this.classLoader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                LocalTier.class.getClassLoader());
        this.cacheManager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, V> TierCache<K, V> createCache(String regionName, RegionSettings settings, TierListener listener) {
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
        cacheManager.close();
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
