package org.stratacache.core.internal.writebehind;

/**
 * The counters of one write-behind queue over JMX, registered as
 * {@code org.stratacache:type=WriteBehind,store=<store>,queue=<queue>} when {@code strata.statistics.jmx=true}.
 */
public interface WriteBehindStatisticsMXBean {
    long getQueueDepth();

    long getOldestPendingAgeMillis();

    long getBatches();

    long getRowsWritten();

    long getCoalesced();

    long getRetries();

    long getDeadLetters();

    long getFullRejections();

    double getLastFlushLatencyMillis();

    double getMaxFlushLatencyMillis();

    double getMeanFlushLatencyMillis();
}
