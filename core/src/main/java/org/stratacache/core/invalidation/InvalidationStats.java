package org.stratacache.core.invalidation;

/**
 * Counters of one invalidation bus (cumulative).
 *
 * @param sent            messages this instance published (one message may carry many tags)
 * @param sentInTransaction of {@code sent}, those sent inside the writing transaction
 * @param received        messages from other instances
 * @param applied         tags bumped because of them
 * @param invalidateAlls  times everything was dropped (a reconnect, or a message too large for one notification)
 * @param reconnects      times the listener connected again after losing its connection
 * @param publishFailures attempts to send that failed and were retried
 * @param connected       whether the listener is connected now (the bus is trusted)
 * @param delayP50Millis  end-to-end delay (sent on the writer → applied here), median over the received messages
 * @param delayP99Millis  the same, 99th percentile
 * @param delayMaxMillis  the same, largest
 * @param decoded         mode logical: committed transactions read from the replication slot whose changes were
 *                        applied here (in whole or in part)
 * @param alreadyApplied  mode logical: deliveries skipped because the other route had already brought the same
 *                        commit (a notification and the slot both carry Strata's writes made inside a transaction;
 *                        the first to arrive applies them); auto-commit writes through Strata carry no transaction
 *                        id and are applied by both routes, counted in {@code received} and {@code decoded}
 * @param decodedDelayP50Millis mode logical: commit on the server → applied here, median over decoded commits
 * @param decodedDelayP99Millis the same, 99th percentile
 * @param decodedDelayMaxMillis the same, largest
 * @param readerTerms     mode logical on the distributed tier: times this instance became its cluster's slot reader
 *                        (took the lease; see {@code ClusterLogicalBus})
 * @param readerHere      mode logical on the distributed tier: whether this instance is its cluster's slot reader now
 */
public record InvalidationStats(long sent, long sentInTransaction, long received, long applied, long invalidateAlls,
                                long reconnects, long publishFailures, boolean connected, long delayP50Millis,
                                long delayP99Millis, long delayMaxMillis, long decoded, long alreadyApplied,
                                long decodedDelayP50Millis, long decodedDelayP99Millis, long decodedDelayMaxMillis,
                                long readerTerms, boolean readerHere) {

    /** The counters of a bus that carries nothing. */
    public static final InvalidationStats NONE = of(true);

    /** Counters that are all zero; {@code connected} as given. */
    public static InvalidationStats of(boolean connected) {
        return new InvalidationStats(0, 0, 0, 0, 0, 0, 0, connected, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }
}
