package org.stratacache.jdbc;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one JDBC caching context (cumulative), from {@link StrataDataSource#statistics()} or, per store
 * name, {@link StrataDriver#statistics()}.
 *
 * @param hits            queries answered from the cache without touching the database
 * @param misses          cacheable queries that ran on the database (and were stored when small enough)
 * @param uncached        queries that ran uncached (not safe, hinted nocache, in a writing transaction …)
 * @param streamed        cacheable queries whose result exceeded the row/byte limits and streamed uncached
 * @param notAdmitted     misses passed through unstored because the query had not missed before
 *                        ({@code strata.jdbc.admission=second-miss}); counted in {@code misses} too
 * @param invalidations   table or all-tags invalidated by writes
 * @param strataFailures  internal failures degraded to pass-through
 * @param uncachedByReason {@code uncached} split by reason (reasons never seen are absent)
 */
public record JdbcStats(long hits, long misses, long uncached, long streamed, long notAdmitted, long invalidations,
                        long strataFailures, Map<UncachedReason, Long> uncachedByReason) {

    public JdbcStats {
        uncachedByReason = Map.copyOf(uncachedByReason);
    }

    /** Hits over cacheable reads (hits + misses); 0 when there were none. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }

    /** These counters and {@code other}'s added up (two contexts of one store name). */
    public JdbcStats plus(JdbcStats other) {
        Map<UncachedReason, Long> reasons = new EnumMap<>(UncachedReason.class);
        reasons.putAll(uncachedByReason);
        other.uncachedByReason.forEach((r, n) -> reasons.merge(r, n, Long::sum));
        return new JdbcStats(hits + other.hits, misses + other.misses, uncached + other.uncached,
                streamed + other.streamed, notAdmitted + other.notAdmitted, invalidations + other.invalidations,
                strataFailures + other.strataFailures, reasons);
    }

    /** Reads that ran uncached for {@code reason}. */
    public long uncached(UncachedReason reason) {
        return uncachedByReason.getOrDefault(reason, 0L);
    }
}
