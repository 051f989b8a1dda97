package org.stratacache.core.internal.stats;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.stratacache.core.RegionStats;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * The live counters of one region or JCache cache: striped adders, cheap on the hot path; read as a
 * {@link RegionStats} and, over JMX, through {@link CacheStatisticsBean}. A region counts loads (and times only
 * them); a JCache cache times its gets, puts and removals instead.
 *
 * <p>A tier that counts evictions and expirations itself ({@link #countedBy}) adds its counts since the last
 * {@link #reset()} (or {@link #rebaseTierCounts()}), so clearing the statistics clears those figures too.
 */
public final class RegionCounters implements TierListener {
    private final String region;
    private final LongSupplier size;
    /** Counted on every hit and miss: a cell per thread, no cache line shared between threads (see the class). */
    public final PerThreadCounter hits = new PerThreadCounter();
    public final PerThreadCounter misses = new PerThreadCounter();
    public final LongAdder puts = new LongAdder();
    public final LongAdder loads = new LongAdder();
    public final LongAdder loadFailures = new LongAdder();
    public final LongAdder loadTimeNanos = new LongAdder();
    public final LongAdder evictions = new LongAdder();
    public final LongAdder expirations = new LongAdder();
    public final LongAdder invalidations = new LongAdder();
    public final LongAdder invalidateAlls = new LongAdder();
    public final LongAdder tagInvalidations = new LongAdder();
    public final LongAdder staleReads = new LongAdder();
    public final LongAdder tierFailures = new LongAdder();
    public final LongAdder refreshes = new LongAdder();
    /** Time spent in timed gets, puts and removals (JCache caches; regions time only their loads). */
    public final LongAdder getTimeNanos = new LongAdder();
    public final LongAdder putTimeNanos = new LongAdder();
    public final LongAdder removeTimeNanos = new LongAdder();

    private volatile TierCache<?, ?> tierCounts;
    private volatile long tierEvictionsBase;
    private volatile long tierExpirationsBase;

    public RegionCounters(String region, LongSupplier size) {
        this.region = region;
        this.size = size;
    }

    /** Reads evictions and expirations from a tier that counts them itself, from its current counts on. */
    public void countedBy(TierCache<?, ?> cache) {
        this.tierCounts = cache;
        rebaseTierCounts();
    }

    /** Counts the tier's own evictions and expirations from now on only. */
    public void rebaseTierCounts() {
        tierEvictionsBase = tierEvictions();
        tierExpirationsBase = tierExpirations();
    }

    private long tierEvictions() {
        TierCache<?, ?> t = tierCounts;
        return t == null ? 0 : Math.max(0, t.evictions());
    }

    private long tierExpirations() {
        TierCache<?, ?> t = tierCounts;
        return t == null ? 0 : Math.max(0, t.expirations());
    }

    public long evictionCount() {
        return evictions.sum() + Math.max(0, tierEvictions() - tierEvictionsBase);
    }

    public long expirationCount() {
        return expirations.sum() + Math.max(0, tierExpirations() - tierExpirationsBase);
    }

    @Override
    public void evicted() {
        evictions.increment();
    }

    @Override
    public void expired() {
        expirations.increment();
    }

    /** Records one finished load. */
    public void loaded(long startNanos, boolean success) {
        loadTimeNanos.add(System.nanoTime() - startNanos);
        (success ? loads : loadFailures).increment();
    }

    public RegionStats snapshot() {
        long currentSize;
        try {
            currentSize = size.getAsLong();
        } catch (RuntimeException tierDown) {
            currentSize = -1;
        }
        return new RegionStats(region, hits.sum(), misses.sum(), puts.sum(), loads.sum(), loadFailures.sum(),
                loadTimeNanos.sum(), evictionCount(), expirationCount(), invalidations.sum(),
                invalidateAlls.sum(), tagInvalidations.sum(), staleReads.sum(), tierFailures.sum(),
                refreshes.sum(), currentSize);
    }

    /** Sets every counter back to zero (JCache's {@code CacheStatisticsMXBean.clear}), the tier's own too. */
    public void reset() {
        hits.reset();
        misses.reset();
        for (LongAdder a : new LongAdder[] {puts, loads, loadFailures, loadTimeNanos,
                evictions, expirations, invalidations, invalidateAlls, tagInvalidations, staleReads, tierFailures,
                refreshes, getTimeNanos, putTimeNanos, removeTimeNanos}) {
            a.reset();
        }
        rebaseTierCounts();
    }
}
