package org.stratacache.core.tier.distributed;

/**
 * A snapshot of the distributed tier's counters, cumulative since the tier started, over all its regions.
 *
 * @param nearHits              reads answered by a near copy (no network hop)
 * @param nearMisses            reads the near cache could not answer
 * @param remoteGets            reads that went to the cluster
 * @param remotePuts            writes (puts, removes, clears) sent to the cluster
 * @param invalidationsSent     key and tag invalidations this JVM sent to the cluster
 * @param invalidationsReceived invalidation events received from the cluster (own writes included)
 * @param fallbacks             operations that did not reach the cluster (failed, timed out, or skipped by
 *                              the open circuit breaker) and degraded to the database
 * @param breakerOpens          times the circuit breaker opened
 * @param breakerState          {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
 * @param nearEntries           near copies held now
 * @param nearClears            times every near copy was dropped because invalidations may have been lost
 */
public record DistributedTierStats(long nearHits, long nearMisses, long remoteGets, long remotePuts,
                                   long invalidationsSent, long invalidationsReceived, long fallbacks,
                                   long breakerOpens, String breakerState, long nearEntries, long nearClears) {

    /** Near hits over all reads, 0 when nothing was read. */
    public double nearHitRatio() {
        long reads = nearHits + nearMisses;
        return reads == 0 ? 0.0 : (double) nearHits / reads;
    }
}
