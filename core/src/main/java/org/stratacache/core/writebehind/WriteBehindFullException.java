package org.stratacache.core.writebehind;

import java.time.Duration;

import org.stratacache.core.config.ConfigKeys;

/** A write waited the whole offer timeout for room in a full write-behind queue; it was not queued. */
public class WriteBehindFullException extends WriteBehindException {
    private final String queueName;
    private final int capacity;

    public WriteBehindFullException(String queueName, int capacity, Duration waited) {
        super("write-behind queue '" + queueName + "' is full (" + capacity + " pending keys, its capacity) "
                + "and stayed full for " + waited.toMillis() + " ms: the write was NOT queued. The database is "
                + "slower than the writers or unavailable; see the queue's stats, raise "
                + ConfigKeys.WRITE_BEHIND_QUEUE_CAPACITY.name() + " or " + ConfigKeys.WRITE_BEHIND_OFFER_TIMEOUT.name());
        this.queueName = queueName;
        this.capacity = capacity;
    }

    public String queueName() {
        return queueName;
    }

    public int capacity() {
        return capacity;
    }
}
