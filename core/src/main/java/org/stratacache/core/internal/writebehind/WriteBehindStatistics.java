package org.stratacache.core.internal.writebehind;

import java.time.Duration;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindStats;

/** The JMX view of a queue's {@link WriteBehind#stats()}; every getter reads a fresh snapshot. */
public final class WriteBehindStatistics implements WriteBehindStatisticsMXBean {
    private final WriteBehind<?, ?> queue;

    public WriteBehindStatistics(WriteBehind<?, ?> queue) {
        this.queue = queue;
    }

    /** {@code org.stratacache:type=WriteBehind,store=<store>,queue=<queue>} (values quoted). */
    public static ObjectName objectName(String storeName, String queueName) {
        try {
            return new ObjectName("org.stratacache:type=WriteBehind,store=" + ObjectName.quote(storeName)
                    + ",queue=" + ObjectName.quote(queueName));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot build a JMX name for write-behind queue " + queueName, e);
        }
    }

    private WriteBehindStats s() {
        return queue.stats();
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    @Override
    public long getQueueDepth() {
        return s().queueDepth();
    }

    @Override
    public long getOldestPendingAgeMillis() {
        return s().oldestPendingAge().toMillis();
    }

    @Override
    public long getBatches() {
        return s().batches();
    }

    @Override
    public long getRowsWritten() {
        return s().rowsWritten();
    }

    @Override
    public long getCoalesced() {
        return s().coalesced();
    }

    @Override
    public long getRetries() {
        return s().retries();
    }

    @Override
    public long getDeadLetters() {
        return s().deadLetters();
    }

    @Override
    public long getFullRejections() {
        return s().fullRejections();
    }

    @Override
    public double getLastFlushLatencyMillis() {
        return millis(s().lastFlushLatency());
    }

    @Override
    public double getMaxFlushLatencyMillis() {
        return millis(s().maxFlushLatency());
    }

    @Override
    public double getMeanFlushLatencyMillis() {
        return millis(s().meanFlushLatency());
    }
}
