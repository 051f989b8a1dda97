package org.stratacache.core.jcache;

import java.util.concurrent.atomic.LongAdder;

import javax.cache.management.CacheStatisticsMXBean;

import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * The JSR-107 statistics of one cache, registered as
 * {@code javax.cache:type=CacheStatistics,CacheManager=<uri>,Cache=<name>} while statistics are enabled.
 * Counted where the application's call is answered, so a hit served by a near cache is a hit like any other.
 * Average times are in microseconds, as the MXBean interface defines them.
 */
final class JCacheStatistics implements CacheStatisticsMXBean, TierListener {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder putNanos = new LongAdder();
    private final LongAdder removeNanos = new LongAdder();
    private volatile boolean enabled;
    /** The storage, when it counts evictions itself (the local tier reads them off Ehcache's statistics). */
    private volatile TierCache<?, ?> tierCounts;
    /** The storage's eviction count at the last reset: only evictions since then are this cache's figure. */
    private volatile long tierEvictionsBase;

    void setEnabled(boolean enabled) {
        if (enabled && !this.enabled) {
            tierEvictionsBase = tierEvictions();
        }
        this.enabled = enabled;
    }

    /** Adds the evictions {@code storage} counts itself ({@link TierCache#evictions()} >= 0) to this figure. */
    void countedBy(TierCache<?, ?> storage) {
        this.tierCounts = storage;
        this.tierEvictionsBase = tierEvictions();
    }

    private long tierEvictions() {
        TierCache<?, ?> t = tierCounts;
        return t == null ? 0 : Math.max(0, t.evictions());
    }

    boolean enabled() {
        return enabled;
    }

    void hit() {
        if (enabled) {
            hits.increment();
        }
    }

    void hits(int n) {
        if (enabled) {
            hits.add(n);
        }
    }

    void miss() {
        if (enabled) {
            misses.increment();
        }
    }

    void misses(int n) {
        if (enabled) {
            misses.add(n);
        }
    }

    void put() {
        if (enabled) {
            puts.increment();
        }
    }

    void removal() {
        if (enabled) {
            removals.increment();
        }
    }

    void getTime(long startNanos) {
        if (enabled) {
            getNanos.add(System.nanoTime() - startNanos);
        }
    }

    void putTime(long startNanos) {
        if (enabled) {
            putNanos.add(System.nanoTime() - startNanos);
        }
    }

    void removeTime(long startNanos) {
        if (enabled) {
            removeNanos.add(System.nanoTime() - startNanos);
        }
    }

    @Override
    public void evicted() {
        if (enabled) {
            evictions.increment();
        }
    }

    @Override
    public void clear() {
        for (LongAdder a : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
            a.reset();
        }
        tierEvictionsBase = tierEvictions();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long h = getCacheHits();
        long total = h + getCacheMisses();
        return total == 0 ? 0f : 100f * h / total;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long m = getCacheMisses();
        long total = m + getCacheHits();
        return total == 0 ? 0f : 100f * m / total;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum() + Math.max(0, tierEvictions() - tierEvictionsBase);
    }

    @Override
    public float getAverageGetTime() {
        return average(getNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return average(putNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return average(removeNanos.sum(), getCacheRemovals());
    }

    private static float average(long nanos, long count) {
        return count == 0 ? 0f : nanos / 1000f / count;
    }
}
