package org.stratacache.core.writebehind;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.stratacache.core.RegionStore;

/**
 * A write-behind queue: writes are acknowledged once queued (and, in journal mode, journaled), and a
 * flusher thread writes them to the system of record through a {@link BatchWriter} in batches.
 * Obtain one from {@link RegionStore#writeBehind(String, BatchWriter)}; closing the store flushes it.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Coalescing.</b> Writes of one key that are still queued collapse into the latest one; a delete
 *       after a put is a delete. The database sees the final state of each key, not every step.</li>
 *   <li><b>Per-key order.</b> A write of a key reaches the database after every earlier write of that key.</li>
 *   <li><b>Batches</b> go out when {@link WriteBehindSettings#batchSize()} writes are queued or the oldest
 *       queued write is {@link WriteBehindSettings#maxDelay()} old, whichever comes first.</li>
 *   <li><b>Back-pressure, never dropping.</b> When {@link WriteBehindSettings#capacity()} distinct keys are
 *       queued (the batch being written is not counted), a write of a new key blocks up to
 *       {@link WriteBehindSettings#offerTimeout()} and then throws {@link WriteBehindFullException}; it is
 *       then not acknowledged and not queued. A write of a key already queued always fits (it coalesces).</li>
 *   <li><b>Journal mode</b> (a journal directory in the settings): a write is acknowledged only once it is
 *       in the local journal, which is replayed when a queue of the same name next opens; without a
 *       journal, writes still queued when the JVM dies are lost (close the queue, or the store, to flush).</li>
 *   <li><b>Read-your-writes by overlay.</b> {@link #pending(Object)} and
 *       {@link #get(Object, Function)} see a queued or in-flight write of the key before the database
 *       does; reading does not force a flush (a flush per read would defeat batching).</li>
 *   <li><b>Failures.</b> A failed batch is rolled back and retried whole with exponential back-off; writes
 *       the database refuses for good are isolated by splitting the batch and handed to the
 *       {@link DeadLetterSink}, the rest is written.</li>
 * </ul>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface WriteBehind<K, V> extends AutoCloseable {

    String name();

    /**
     * Queues a put and returns once it is acknowledged (queued, and journaled in journal mode).
     *
     * @throws WriteBehindFullException when the queue stayed full for the offer timeout
     * @throws IllegalStateException    when the queue is closed
     */
    void put(K key, V value);

    /**
     * Queues a put of every entry, in the map's iteration order, and returns once all are acknowledged. In
     * journal mode the whole group shares one journal write and fsync, so this is much faster than a loop
     * of {@link #put}. On a {@link WriteBehindFullException} the entries before the one that found no room
     * are queued (and acknowledged), the others are not.
     */
    void putAll(java.util.Map<? extends K, ? extends V> entries);

    /** Queues a delete of {@code key}; same rules as {@link #put}. */
    void delete(K key);

    /**
     * The write of {@code key} not yet committed (queued or being written), if any: its value, or a delete.
     */
    Optional<PendingWrite<K, V>> pending(K key);

    /**
     * Read-your-writes: the value of a pending put, {@code null} for a pending delete, else what
     * {@code fromDatabase} returns.
     */
    V get(K key, Function<? super K, ? extends V> fromDatabase);

    /** Blocks until every write acknowledged before the call is committed or dead-lettered. */
    void flush() throws InterruptedException;

    /** As {@link #flush()}, waiting at most {@code timeout}; true when everything was written in time. */
    boolean flush(Duration timeout) throws InterruptedException;

    WriteBehindStats stats();

    /**
     * Stops accepting writes, writes everything queued for up to {@link WriteBehindSettings#closeTimeout()}
     * and reports what it could not write (those writes stay in the journal, in journal mode).
     */
    CloseReport<K, V> closeAndReport();

    /**
     * As {@link #closeAndReport()}, throwing when something could not be written.
     *
     * @throws WriteBehindCloseException listing the writes that were not written
     */
    @Override
    void close();

    /**
     * What closing left behind: the writes not known to be committed (queued, or in a batch whose outcome
     * was unknown when the close timeout ran out).
     */
    record CloseReport<K, V>(String queueName, java.util.List<PendingWrite<K, V>> unwritten, boolean journaled) {
        public CloseReport {
            unwritten = java.util.List.copyOf(unwritten);
        }

        public boolean isClean() {
            return unwritten.isEmpty();
        }
    }
}
