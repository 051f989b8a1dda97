package org.stratacache.core.jcache.management;

import javax.cache.management.CacheStatisticsMXBean;

import org.stratacache.core.internal.stats.CacheStatisticsBean;
import org.stratacache.core.internal.stats.RegionCounters;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * What a JSR-107 cache counts, into the same {@link RegionCounters} a region counts into and read through the
 * same {@link CacheStatisticsBean}. Counted where the application's call is answered, so a hit served by a near
 * cache is a hit like any other; nothing is counted while statistics are disabled (JSR-107), evictions
 * included.
 */
public final class CacheStatistics implements TierListener {
    private final RegionCounters counters;
    private final CacheStatisticsMXBean bean;
    private volatile boolean enabled;

    public CacheStatistics(String cacheName) {
        this.counters = new RegionCounters(cacheName, () -> -1);
        this.bean = new CacheStatisticsBean(counters);
    }

    /** The MXBean to register while statistics are enabled. */
    public CacheStatisticsMXBean bean() {
        return bean;
    }

    /** Adds the evictions {@code storage} counts itself ({@link TierCache#evictions()} >= 0) to the figure. */
    public void countedBy(TierCache<?, ?> storage) {
        counters.countedBy(storage);
    }

    /** Enabling counts from now on: the tier's own evictions while disabled are not the cache's figure. */
    public void setEnabled(boolean enabled) {
        if (enabled && !this.enabled) {
            counters.rebaseTierCounts();
        }
        this.enabled = enabled;
    }

    public void hit() {
        if (enabled) {
            counters.hits.increment();
        }
    }

    public void miss() {
        if (enabled) {
            counters.misses.increment();
        }
    }

    /** A read that found an entry (hit) or not (miss). */
    public void read(boolean hit) {
        if (hit) {
            hit();
        } else {
            miss();
        }
    }

    public void put() {
        if (enabled) {
            counters.puts.increment();
        }
    }

    public void removal() {
        if (enabled) {
            counters.invalidations.increment();
        }
    }

    public void getTime(long startNanos) {
        if (enabled) {
            counters.getTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    public void putTime(long startNanos) {
        if (enabled) {
            counters.putTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    public void removeTime(long startNanos) {
        if (enabled) {
            counters.removeTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    @Override
    public void evicted() {
        if (enabled) {
            counters.evictions.increment();
        }
    }
}
