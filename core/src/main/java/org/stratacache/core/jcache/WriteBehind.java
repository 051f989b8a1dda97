package org.stratacache.core.jcache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-behind queue of one cache ({@link StrataConfiguration#writeBehind}).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Coalescing.</b> {@link #pending} holds at most one change per key, the latest; a key keeps its
 *       place in the queue when it changes again, so its wait is bounded by the configured delay.</li>
 *   <li><b>Per-key order.</b> One flusher thread writes one batch at a time; a change of a key that is in
 *       the batch being written waits in {@link #pending} for the next batch, so the writer sees each key's
 *       changes in the order they were made.</li>
 *   <li><b>Bounded, never dropping.</b> A change of a new key waits while {@link #pending} holds
 *       {@code capacity} keys. A batch that fails is retried with back-off; changes superseded meanwhile are
 *       not retried (the newer one is queued); after the last attempt the rest are logged as dead letters,
 *       one line naming the keys, and counted.</li>
 *   <li><b>Visible before written.</b> {@link #queued} answers from {@link #pending} and {@link #inFlight},
 *       so a read-through load can use the queued state instead of the writer's stale one.</li>
 * </ul>
 */
final class WriteBehind<K, V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** A queued change: a write of {@code value}, or a delete when {@code value} is null. */
    record Change<V>(V value) {
        boolean isDelete() {
            return value == null;
        }
    }

    private final String cacheName;
    private final CacheWriter<K, V> writer;
    private final long maxDelayNanos;
    private final int batchSize;
    private final int capacity;
    private final int maxAttempts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition roomOrDrained = lock.newCondition();
    private final LinkedHashMap<K, Change<V>> pending = new LinkedHashMap<>(); // guarded by lock
    private final Map<K, Change<V>> inFlight = new HashMap<>(); // guarded by lock
    private long oldestNanos; // guarded by lock: when the head of pending was queued
    private boolean closing; // guarded by lock
    private int flushRequests; // guarded by lock: callers of flush() waiting; batches go out without delay
    private final Thread flusher;
    private final LongAdder batches = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();

    WriteBehind(String cacheName, CacheWriter<K, V> writer, StrataConfiguration<?, ?> settings) {
        this.cacheName = cacheName;
        this.writer = writer;
        this.maxDelayNanos = settings.getWriteBehindDelay().toNanos();
        this.batchSize = settings.getWriteBehindBatchSize();
        this.capacity = settings.getWriteBehindQueueCapacity();
        this.maxAttempts = settings.getWriteBehindMaxAttempts();
        this.flusher = new Thread(this::run, "strata-jcache-write-behind-" + cacheName);
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    void write(K key, V value) {
        enqueue(key, new Change<>(value));
    }

    void delete(K key) {
        enqueue(key, new Change<>(null));
    }

    /** The change queued or being written for {@code key}, or null when there is none. */
    Change<V> queued(K key) {
        lock.lock();
        try {
            Change<V> change = pending.get(key);
            return change != null ? change : inFlight.get(key);
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(K key, Change<V> change) {
        lock.lock();
        try {
            while (!closing && !pending.containsKey(key) && pending.size() >= capacity) {
                roomOrDrained.awaitUninterruptibly();
            }
            if (closing) {
                throw new IllegalStateException("the write-behind queue of cache '" + cacheName + "' is closed");
            }
            if (pending.isEmpty()) {
                oldestNanos = System.nanoTime();
            }
            pending.put(key, change); // an existing key keeps its place: LinkedHashMap insertion order
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every change queued so far has been handed to the writer (or dead-lettered). */
    void flush() {
        lock.lock();
        try {
            flushRequests++;
            changed.signalAll();
            while ((!pending.isEmpty() || !inFlight.isEmpty()) && flusher.isAlive()) {
                roomOrDrained.awaitUninterruptibly();
            }
        } finally {
            flushRequests--;
            lock.unlock();
        }
    }

    /** Flushes everything queued, then stops the flusher. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            roomOrDrained.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (flusher.isAlive()) {
            LOG.error("cache '{}': the write-behind flusher did not finish within a minute of close; {} changes "
                    + "may not have reached the CacheWriter", cacheName, queuedCount());
        }
    }

    long queuedCount() {
        lock.lock();
        try {
            return pending.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    long deadLetters() {
        return deadLetters.sum();
    }

    long batches() {
        return batches.sum();
    }

    // ---- the flusher ------------------------------------------------------------------------------

    private void run() {
        while (true) {
            Map<K, Change<V>> batch = nextBatch();
            if (batch == null) {
                return;
            }
            try {
                writeWithRetries(batch);
            } finally {
                lock.lock();
                try {
                    inFlight.clear();
                    roomOrDrained.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for a full batch or the oldest change's deadline; null once closing and empty. */
    private Map<K, Change<V>> nextBatch() {
        lock.lock();
        try {
            while (true) {
                if (pending.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    changed.awaitUninterruptibly();
                    continue;
                }
                long waitNanos = oldestNanos + maxDelayNanos - System.nanoTime();
                if (closing || flushRequests > 0 || pending.size() >= batchSize || waitNanos <= 0) {
                    break;
                }
                try {
                    changed.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Map<K, Change<V>> batch = new LinkedHashMap<>();
            Iterator<Map.Entry<K, Change<V>>> it = pending.entrySet().iterator();
            while (it.hasNext() && batch.size() < batchSize) {
                Map.Entry<K, Change<V>> e = it.next();
                batch.put(e.getKey(), e.getValue());
                it.remove();
            }
            inFlight.putAll(batch);
            oldestNanos = System.nanoTime();
            roomOrDrained.signalAll();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void writeWithRetries(Map<K, Change<V>> batch) {
        Map<K, Change<V>> remaining = new LinkedHashMap<>(batch);
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            Exception failure = writeOnce(remaining);
            batches.increment();
            if (failure == null) {
                return;
            }
            failedAttempts.increment();
            dropSuperseded(remaining);
            if (remaining.isEmpty()) {
                return;
            }
            if (attempt >= maxAttempts) {
                deadLetters.add(remaining.size());
                LOG.error("cache '{}': write-behind gave up after {} attempts; these changes did not reach the "
                        + "CacheWriter (dead letters): {}", cacheName, attempt, describe(remaining), failure);
                return;
            }
            LOG.warn("cache '{}': write-behind attempt {} of {} failed for {} changes; retrying in {} ms",
                    cacheName, attempt, maxAttempts, remaining.size(), backoff, failure);
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** One writeAll and one deleteAll; on failure {@code remaining} keeps what was not written. */
    private Exception writeOnce(Map<K, Change<V>> remaining) {
        List<Cache.Entry<? extends K, ? extends V>> writes = new ArrayList<>();
        List<K> deletes = new ArrayList<>();
        remaining.forEach((k, c) -> {
            if (c.isDelete()) {
                deletes.add(k);
            } else {
                writes.add(new StrataCacheEntry<>(k, c.value()));
            }
        });
        Exception failure = null;
        try {
            if (!writes.isEmpty()) {
                writer.writeAll(writes);
                writes.clear();
            }
        } catch (Exception e) {
            failure = e;
        }
        try {
            if (!deletes.isEmpty()) {
                writer.deleteAll(deletes);
                deletes.clear();
            }
        } catch (Exception e) {
            failure = failure == null ? e : failure;
        }
        if (failure == null) {
            remaining.clear();
            return null;
        }
        Map<K, Change<V>> notDone = new LinkedHashMap<>();
        writes.forEach(e -> notDone.put(e.getKey(), remaining.get(e.getKey())));
        deletes.forEach(k -> notDone.put(k, remaining.get(k)));
        remaining.clear();
        remaining.putAll(notDone);
        return failure instanceof CacheWriterException ? failure
                : new CacheWriterException("write-behind of cache '" + cacheName + "' failed", failure);
    }

    /** A change with a newer one queued is not retried: the newer one will be written. */
    private void dropSuperseded(Map<K, Change<V>> remaining) {
        lock.lock();
        try {
            remaining.keySet().removeIf(pending::containsKey);
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Map<?, ? extends Change<?>> changes) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Map.Entry<?, ? extends Change<?>> e : changes.entrySet()) {
            if (n++ == 20) {
                sb.append(", ... (").append(changes.size()).append(" in all)");
                break;
            }
            sb.append(n == 1 ? "" : ", ").append(e.getValue().isDelete() ? "delete " : "write ").append(e.getKey());
        }
        return sb.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // back-off between attempts of the flusher thread, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
