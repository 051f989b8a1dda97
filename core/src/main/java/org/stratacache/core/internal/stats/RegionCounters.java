package org.stratacache.core.internal.stats;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.stratacache.core.RegionStats;
import org.stratacache.core.tier.TierListener;

/** The live counters of one region: striped adders, cheap on the hot path; read as a {@link RegionStats}. */
public final class RegionCounters implements TierListener {
    private final String region;
    private final LongSupplier size;
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
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

    private volatile org.stratacache.core.tier.TierCache<?, ?> tierCounts;

    public RegionCounters(String region, LongSupplier size) {
        this.region = region;
        this.size = size;
    }

    /** Reads evictions and expirations from a tier that counts them itself. */
    public void countedBy(org.stratacache.core.tier.TierCache<?, ?> cache) {
        this.tierCounts = cache;
    }

    public long evictionCount() {
        var t = tierCounts;
        long own = t == null ? -1 : t.evictions();
        return evictions.sum() + Math.max(own, 0);
    }

    public long expirationCount() {
        var t = tierCounts;
        long own = t == null ? -1 : t.expirations();
        return expirations.sum() + Math.max(own, 0);
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

    /** Sets every counter back to zero (JCache's {@code CacheStatisticsMXBean.clear}). */
    public void reset() {
        for (LongAdder a : new LongAdder[] {hits, misses, puts, loads, loadFailures, loadTimeNanos,
                evictions, expirations, invalidations, invalidateAlls, tagInvalidations, staleReads, tierFailures,
                refreshes}) {
            a.reset();
        }
    }
}
