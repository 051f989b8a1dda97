package org.stratacache.core.writebehind;

import java.time.Duration;

/**
 * A snapshot of one write-behind queue's counters.
 *
 * @param queueDepth         writes not yet committed: queued plus in the batch being written
 * @param oldestPendingAge   how long the oldest uncommitted write has waited ({@link Duration#ZERO} when none)
 * @param batches            batches committed (parts of a split batch count one each)
 * @param rowsWritten        writes committed
 * @param coalesced          writes absorbed by a later write of the same key before being written
 * @param retries            batch attempts that failed transiently and were retried
 * @param deadLetters        writes refused for good and handed to the dead-letter sink
 * @param fullRejections     writes refused because the queue stayed full
 * @param lastFlushLatency   time to write the last committed batch
 * @param maxFlushLatency    longest time to write a committed batch
 * @param meanFlushLatency   mean time to write a committed batch
 */
public record WriteBehindStats(String queueName, long queueDepth, Duration oldestPendingAge, long batches,
                               long rowsWritten, long coalesced, long retries, long deadLetters,
                               long fullRejections, Duration lastFlushLatency, Duration maxFlushLatency,
                               Duration meanFlushLatency) {
}
