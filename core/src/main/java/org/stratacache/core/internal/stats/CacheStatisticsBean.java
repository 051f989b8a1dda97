package org.stratacache.core.internal.stats;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The one statistics MXBean of Strata: JSR-107's {@link CacheStatisticsMXBean} over one {@link RegionCounters},
 * registered as {@code javax.cache:type=CacheStatistics,CacheManager=<manager>,Cache=<name>} for a region
 * ({@code CacheManager=strata://<store>}, when {@code strata.statistics.jmx=true}) and for a JCache cache
 * (while its statistics are enabled). A region's view ({@code Region.asJCache()}) counts into its region's
 * counters, so one set of counters answers for the region, its view and this bean.
 *
 * <p>Stale reads count as misses, as the application sees them; removals are invalidations. Times are in
 * microseconds. A JCache cache times its gets, puts and removals. A region times only its loads:
 * {@link #getAverageGetTime()} is then the load time spread over all gets, and the average put and remove
 * times are 0 — timing every get would put two clock reads on a hit path that takes tens of nanoseconds.
 */
public final class CacheStatisticsBean implements CacheStatisticsMXBean {
    private final RegionCounters counters;

    public CacheStatisticsBean(RegionCounters counters) {
        this.counters = counters;
    }

    @Override
    public void clear() {
        counters.reset();
    }

    @Override
    public long getCacheHits() {
        return counters.hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long hits = getCacheHits();
        long reads = hits + getCacheMisses();
        return reads == 0 ? 0f : 100f * hits / reads;
    }

    @Override
    public long getCacheMisses() {
        return counters.misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long misses = getCacheMisses();
        long reads = misses + getCacheHits();
        return reads == 0 ? 0f : 100f * misses / reads;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return counters.puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return counters.invalidations.sum();
    }

    @Override
    public long getCacheEvictions() {
        return counters.evictionCount();
    }

    /** Timed gets over all gets, plus (regions) load time spread over all gets. */
    @Override
    public float getAverageGetTime() {
        long gets = getCacheGets();
        float timed = average(counters.getTimeNanos.sum(), gets);
        long loads = counters.loads.sum() + counters.loadFailures.sum();
        float loading = loads == 0 ? 0f : counters.loadTimeNanos.sum() / 1000f / Math.max(1, gets);
        return timed + loading;
    }

    @Override
    public float getAveragePutTime() {
        return average(counters.putTimeNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return average(counters.removeTimeNanos.sum(), getCacheRemovals());
    }

    private static float average(long nanos, long count) {
        return count == 0 ? 0f : nanos / 1000f / count;
    }
}
