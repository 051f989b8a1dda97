package org.stratacache.core.internal.stats;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * JCache statistics of one region, registered as
 * {@code javax.cache:type=CacheStatistics,CacheManager=<store>,Cache=<region>} when
 * {@code strata.statistics.jmx=true}. Stale reads count as misses, as the application sees them.
 * <p>
 * Only loads are timed: {@link #getAverageGetTime()} is the load time spread over all gets, and the average put
 * and remove times are 0. Timing every get would put two clock reads on a hit path that takes tens of
 * nanoseconds; caches made through the JCache API ({@code JCacheStatistics}) time all three.
 */
public final class RegionStatisticsMXBean implements CacheStatisticsMXBean {
    private final RegionCounters counters;

    public RegionStatisticsMXBean(RegionCounters counters) {
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

    @Override
    public float getAverageGetTime() {
        long loads = counters.loads.sum() + counters.loadFailures.sum();
        return loads == 0 ? 0f : counters.loadTimeNanos.sum() / 1000f / Math.max(1, getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return 0f;
    }

    @Override
    public float getAverageRemoveTime() {
        return 0f;
    }
}
