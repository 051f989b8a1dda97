package org.stratacache.core.jcache.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.PendingWrite;

/**
 * The JCache write-behind of a cache ({@code StrataConfiguration.writeBehind}) as a {@link BatchWriter} of the
 * core write-behind engine ({@code RegionStore.writeBehind}): each batch goes to the cache's
 * {@link CacheWriter} as one {@code writeAll} of its puts and one {@code deleteAll} of its deletes. The
 * engine coalesces, orders per key, bounds the queue, retries, dead-letters and (in journal mode) journals;
 * a batch holds one write per key, so the order of the two calls does not matter.
 *
 * <p>Retry budget: a {@link CacheWriter} reports no kind of failure, so a failure counts as transient for
 * {@code maxAttempts - 1} attempts in a row and then as permanent, which makes the engine split the batch
 * and dead-letter the writes that still fail; a failure the engine's default rule calls permanent (bad
 * data, a constraint violation in the cause chain) is permanent at once. Only the engine's single flusher
 * thread calls this class, so the counter needs no synchronisation.
 */
final class CacheWriterBatches<K, V> implements BatchWriter<K, V> {
    private final CacheWriter<K, V> writer;
    private final int maxAttempts;
    private int failuresInARow;

    CacheWriterBatches(CacheWriter<K, V> writer, int maxAttempts) {
        this.writer = writer;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void write(List<PendingWrite<K, V>> batch) throws Exception {
        Collection<Cache.Entry<? extends K, ? extends V>> puts = new ArrayList<>();
        Collection<K> deletes = new ArrayList<>();
        for (PendingWrite<K, V> w : batch) {
            if (w.isDelete()) {
                deletes.add(w.key());
            } else {
                puts.add(new StrataCacheEntry<>(w.key(), w.value()));
            }
        }
        try {
            if (!puts.isEmpty()) {
                writer.writeAll(puts);
            }
            if (!deletes.isEmpty()) {
                writer.deleteAll(deletes);
            }
        } catch (Exception e) {
            failuresInARow++;
            throw e;
        }
        failuresInARow = 0;
    }

    @Override
    public Failure classify(Exception failure) {
        if (BatchWriter.defaultClassification(failure) == Failure.PERMANENT || failuresInARow >= maxAttempts) {
            return Failure.PERMANENT;
        }
        return Failure.TRANSIENT;
    }

    /** The cache closes its writer itself (after the queue has flushed), as with write-through. */
    @Override
    public void close() {
    }
}
