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
 */
public record InvalidationStats(long sent, long sentInTransaction, long received, long applied, long invalidateAlls,
                                long reconnects, long publishFailures, boolean connected, long delayP50Millis,
                                long delayP99Millis, long delayMaxMillis) {

    /** The counters of a bus that carries nothing. */
    public static final InvalidationStats NONE = new InvalidationStats(0, 0, 0, 0, 0, 0, 0, true, 0, 0, 0);
}
