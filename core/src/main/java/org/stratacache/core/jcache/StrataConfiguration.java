package org.stratacache.core.jcache;

import java.time.Duration;
import java.util.Objects;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JSR-107 {@link MutableConfiguration} with Strata's extension: <b>write-behind</b>.
 *
 * <p>With write-behind on, the cache's {@code CacheWriter} is no longer called inside each operation:
 * the operation updates the cache and queues the write (or delete); a background flusher hands the queued
 * changes to the writer in batches ({@code writeAll}/{@code deleteAll}). Repeated changes of one key
 * coalesce into the latest, each key's changes reach the writer in order, the queue is bounded (a writer
 * that falls behind slows the callers down, nothing is dropped), failed batches are retried with back-off
 * and, once the attempts are used up, logged as dead letters. Closing the cache flushes everything queued.
 * A read-through load of a key with a queued change returns the queued value (or nothing, for a queued
 * delete) instead of asking the loader for the not-yet-written state.
 *
 * <p>The queue is Strata's write-behind engine ({@code RegionStore.writeBehind}) of the cache manager's
 * store, named {@code jcache:<manager URI>:<cache name>}: the manager's {@code strata.write-behind.*}
 * properties apply to it (offer timeout of a full queue, retry back-off, close timeout) and
 * {@code strata.write-behind.journal.dir} turns on its journal mode: a change is journaled before the cache
 * operation returns, and changes a crashed (or timed-out) JVM left unwritten are replayed when a manager of
 * the same URI creates the cache again. The batch size, delay and capacity given here win over the
 * properties. A queue that stays full for the offer timeout fails the operation with a
 * {@code CacheWriterException} and leaves the cache unchanged.
 *
 * <pre>{@code
 * StrataConfiguration<Long, Order> config = new StrataConfiguration<Long, Order>()
 *         .writeBehind(Duration.ofMillis(500), 200, 50_000);
 * config.setTypes(Long.class, Order.class)
 *       .setCacheWriterFactory(FactoryBuilder.factoryOf(OrderWriter.class))
 *       .setWriteThrough(true);
 * Cache<Long, Order> orders = cacheManager.createCache("orders", config);
 * }</pre>
 *
 * Write-behind needs a writer factory and {@code setWriteThrough(true)}; the cache refuses the configuration
 * otherwise. Other providers treat this class as the plain {@link MutableConfiguration} it extends.
 */
public final class StrataConfiguration<K, V> extends MutableConfiguration<K, V> {
    private static final long serialVersionUID = 1L;

    private boolean writeBehind;
    private Duration writeBehindDelay = Duration.ofSeconds(1);
    private int writeBehindBatchSize = 100;
    private int writeBehindQueueCapacity = 10_000;
    private int writeBehindMaxAttempts = 4;

    public StrataConfiguration() {
    }

    /** A copy of {@code configuration}, with its write-behind settings when it is a {@code StrataConfiguration}. */
    public StrataConfiguration(CompleteConfiguration<K, V> configuration) {
        super(configuration);
        if (configuration instanceof StrataConfiguration<K, V> other) {
            this.writeBehind = other.writeBehind;
            this.writeBehindDelay = other.writeBehindDelay;
            this.writeBehindBatchSize = other.writeBehindBatchSize;
            this.writeBehindQueueCapacity = other.writeBehindQueueCapacity;
            this.writeBehindMaxAttempts = other.writeBehindMaxAttempts;
        }
    }

    /**
     * Turns write-behind on.
     *
     * @param maxDelay      longest time a queued change waits before its batch is written (at least 1 ms)
     * @param batchSize     most changes per {@code writeAll}/{@code deleteAll} call; a full batch is written
     *                      at once (at least 1)
     * @param queueCapacity most keys with a queued change; a change of another key waits for room (at least
     *                      {@code batchSize})
     */
    public StrataConfiguration<K, V> writeBehind(Duration maxDelay, int batchSize, int queueCapacity) {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.toMillis() < 1) {
            throw new IllegalArgumentException("write-behind maxDelay must be at least 1 ms: " + maxDelay);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("write-behind batchSize must be at least 1: " + batchSize);
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("write-behind queueCapacity (" + queueCapacity
                    + ") must be at least batchSize (" + batchSize + ")");
        }
        this.writeBehind = true;
        this.writeBehindDelay = maxDelay;
        this.writeBehindBatchSize = batchSize;
        this.writeBehindQueueCapacity = queueCapacity;
        return this;
    }

    /**
     * How often a failing batch is tried in all before its changes are dead-lettered (default 4): the batch
     * is then split to isolate the changes the writer still refuses, which are logged and counted
     * ({@code WriteBehindStats#deadLetters}); a failure caused by bad data (an {@code IllegalArgumentException},
     * {@code ClassCastException} or SQL state 22/23 in the cause chain) is not retried.
     */
    public StrataConfiguration<K, V> writeBehindMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("write-behind attempts must be at least 1: " + attempts);
        }
        this.writeBehindMaxAttempts = attempts;
        return this;
    }

    public boolean isWriteBehind() {
        return writeBehind;
    }

    public Duration getWriteBehindDelay() {
        return writeBehindDelay;
    }

    public int getWriteBehindBatchSize() {
        return writeBehindBatchSize;
    }

    public int getWriteBehindQueueCapacity() {
        return writeBehindQueueCapacity;
    }

    public int getWriteBehindMaxAttempts() {
        return writeBehindMaxAttempts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StrataConfiguration<?, ?> other) || !super.equals(o)) {
            return false;
        }
        return writeBehind == other.writeBehind && writeBehindDelay.equals(other.writeBehindDelay)
                && writeBehindBatchSize == other.writeBehindBatchSize
                && writeBehindQueueCapacity == other.writeBehindQueueCapacity
                && writeBehindMaxAttempts == other.writeBehindMaxAttempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), writeBehind, writeBehindDelay, writeBehindBatchSize,
                writeBehindQueueCapacity, writeBehindMaxAttempts);
    }
}
