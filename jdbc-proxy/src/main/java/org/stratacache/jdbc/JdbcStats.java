package org.stratacache.jdbc;

import java.util.HashMap;
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
 * @param writeBehindNotQueued statements on write-behind tables that ran on the database instead of being
 *                        queued, by reason (reasons never seen are absent)
 * @param writeBehindReplayed rows an earlier run acknowledged and left in the write-behind journals, written
 *                        before the first connection was handed out, per normalised table name
 * @param functionLookups user function names looked up in the database's catalog for their volatility
 * @param functionLookupFailures catalog lookups that failed (the function then counts as unknown: uncached,
 *                        invalidating everything, until the answer expires; the first failure is logged)
 */
public record JdbcStats(long hits, long misses, long uncached, long streamed, long notAdmitted, long invalidations,
                        long strataFailures, Map<UncachedReason, Long> uncachedByReason,
                        Map<NotQueuedReason, Long> writeBehindNotQueued, Map<String, Long> writeBehindReplayed,
                        long functionLookups, long functionLookupFailures) {

    public JdbcStats {
        uncachedByReason = Map.copyOf(uncachedByReason);
        writeBehindNotQueued = Map.copyOf(writeBehindNotQueued);
        writeBehindReplayed = Map.copyOf(writeBehindReplayed);
    }

    /** Hits over cacheable reads (hits + misses); 0 when there were none. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }

    /** These counters and {@code other}'s added up (two contexts of one store name). */
    public JdbcStats plus(JdbcStats other) {
        return new JdbcStats(hits + other.hits, misses + other.misses, uncached + other.uncached,
                streamed + other.streamed, notAdmitted + other.notAdmitted, invalidations + other.invalidations,
                strataFailures + other.strataFailures, sum(uncachedByReason, other.uncachedByReason),
                sum(writeBehindNotQueued, other.writeBehindNotQueued),
                sum(writeBehindReplayed, other.writeBehindReplayed), functionLookups + other.functionLookups,
                functionLookupFailures + other.functionLookupFailures);
    }

    private static <K> Map<K, Long> sum(Map<K, Long> a, Map<K, Long> b) {
        Map<K, Long> total = new HashMap<>(a);
        b.forEach((k, n) -> total.merge(k, n, Long::sum));
        return total;
    }

    /** Reads that ran uncached for {@code reason}. */
    public long uncached(UncachedReason reason) {
        return uncachedByReason.getOrDefault(reason, 0L);
    }

    /** Statements on write-behind tables that ran on the database for {@code reason}. */
    public long notQueued(NotQueuedReason reason) {
        return writeBehindNotQueued.getOrDefault(reason, 0L);
    }
}
