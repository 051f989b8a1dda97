package org.stratacache.core;

/**
 * A point-in-time snapshot of one region's counters. Counters are cumulative since the region was created.
 *
 * @param region           region name
 * @param hits             reads answered from the cache
 * @param misses           reads that found nothing usable (absent, expired, or stale by tag)
 * @param puts             values stored
 * @param loads            read-through loads that returned a value
 * @param loadFailures     read-through loads that threw
 * @param loadTimeNanos    total time spent in loaders
 * @param evictions        entries dropped to respect the size bound
 * @param expirations      entries dropped because their TTL passed
 * @param invalidations    keys invalidated one by one
 * @param invalidateAlls   whole-region invalidations
 * @param tagInvalidations tags invalidated through this region
 * @param staleReads       reads that found an entry made stale by a tag or region invalidation
 * @param tierFailures     tier operations that failed and were degraded to a miss or a skipped store
 * @param refreshes        background refresh-ahead reloads started
 * @param size             entries held now (an estimate for the distributed tier)
 */
public record RegionStats(String region, long hits, long misses, long puts, long loads, long loadFailures,
                          long loadTimeNanos, long evictions, long expirations, long invalidations,
                          long invalidateAlls, long tagInvalidations, long staleReads, long tierFailures,
                          long refreshes, long size) {

    /** Hits over all reads, 0 when nothing was read. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0.0 : (double) hits / reads;
    }

    /** Mean loader time in microseconds, 0 when nothing was loaded. */
    public double averageLoadMicros() {
        long n = loads + loadFailures;
        return n == 0 ? 0.0 : loadTimeNanos / 1_000.0 / n;
    }
}
