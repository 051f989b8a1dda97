package org.stratacache.core.jcache.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.Closing;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindFullException;

/**
 * A cache's way to its system of record: the {@link CacheLoader} (read-through and {@code loadAll}) and the
 * {@link CacheWriter} (write-through, or write-behind through a {@link WriteBehind} queue). Failures leave
 * as the JSR-107 exceptions ({@link CacheLoaderException}, {@link CacheWriterException}) with the cause.
 *
 * <p>Batch writes follow the specification's partial-failure rule: the writer removes from the collection
 * what it wrote, so after a failure the cache applies only those entries ({@link Outcome#done()}).
 */
public final class Integration<K, V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Integration.class);
    private final String cacheName;
    private final CacheLoader<K, V> loader; // null: nothing to load from
    private final CacheWriter<K, V> writer; // null unless write-through
    private final WriteBehind<K, V> writeBehind; // null unless configured: then its flusher calls the writer

    /** What a batch write did: the keys written (to apply to the cache) and the failure, if any. */
    public record Outcome<K>(Collection<K> done, CacheWriterException failure) {
        /** Throws the failure, if there was one, after the done part was applied. */
        public void throwFailure() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private Integration(String cacheName, CacheLoader<K, V> loader, CacheWriter<K, V> writer,
                        WriteBehind<K, V> writeBehind) {
        this.cacheName = cacheName;
        this.loader = loader;
        this.writer = writer;
        this.writeBehind = writeBehind;
    }

    /**
     * How a cache with write-behind opens its queue over a batch writer, and how often a failing batch is tried
     * before its changes are dead-lettered.
     */
    public record WriteBehindRequest<K, V>(Function<BatchWriter<K, V>, WriteBehind<K, V>> open, int maxAttempts) {
    }

    /** Nothing to load from or write to: every write is a no-op, nothing loads. */
    public static <K, V> Integration<K, V> none(String cacheName) {
        return new Integration<>(cacheName, null, null, null);
    }

    /**
     * The loader and writer of {@code configuration}, and with {@code writeBehind} (null: none) a write-behind
     * queue in front of the writer.
     */
    public static <K, V> Integration<K, V> create(String cacheName, CompleteConfiguration<K, V> configuration,
                                           WriteBehindRequest<K, V> writeBehind) {
        Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
        CacheLoader<K, V> loader = loaderFactory == null ? null : loaderFactory.create();
        Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
        CacheWriter<K, V> writer = configuration.isWriteThrough() && writerFactory != null
                ? narrow(writerFactory.create()) : null;
        WriteBehind<K, V> queue = null;
        if (writeBehind != null) {
            if (writer == null) {
                Closing.quietly(loader);
                throw new IllegalArgumentException("cache '" + cacheName + "' is configured for write-behind, "
                        + "which needs a CacheWriter factory and setWriteThrough(true)");
            }
            try {
                queue = writeBehind.open().apply(new CacheWriterBatches<>(writer, writeBehind.maxAttempts()));
            } catch (RuntimeException e) {
                Closing.quietly(loader);
                Closing.quietly(writer);
                throw e;
            }
        }
        return new Integration<>(cacheName, loader, writer, queue);
    }

    /** The writer accepts supertypes of K and V, so it accepts ours. */
    @SuppressWarnings("unchecked")
    private static <K, V> CacheWriter<K, V> narrow(CacheWriter<? super K, ? super V> writer) {
        return (CacheWriter<K, V>) writer;
    }

    public boolean canLoad() {
        return loader != null;
    }

    public WriteBehind<K, V> writeBehind() {
        return writeBehind;
    }

    // ---- loading ----------------------------------------------------------------------------------

    /** The loader's value; with write-behind, a change not yet written wins over the loader's stale state. */
    public V load(K key) {
        if (writeBehind != null) {
            Optional<PendingWrite<K, V>> queued = writeBehind.pending(key);
            if (queued.isPresent()) {
                return queued.get().value(); // null for a queued delete
            }
        }
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("the CacheLoader of cache '" + cacheName + "' failed to load key " + key,
                    e);
        }
    }

    public Map<K, V> loadAll(List<K> keys) {
        Map<K, V> overlay = new HashMap<>();
        List<K> toLoad = keys;
        if (writeBehind != null) {
            toLoad = new ArrayList<>();
            for (K key : keys) {
                Optional<PendingWrite<K, V>> queued = writeBehind.pending(key);
                if (queued.isEmpty()) {
                    toLoad.add(key);
                } else if (!queued.get().isDelete()) {
                    overlay.put(key, queued.get().value());
                }
            }
            if (toLoad.isEmpty()) {
                return overlay;
            }
        }
        Map<K, V> loaded;
        try {
            loaded = loader.loadAll(toLoad);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("the CacheLoader of cache '" + cacheName + "' failed to load "
                    + toLoad.size() + " keys", e);
        }
        if (overlay.isEmpty()) {
            return loaded == null ? Map.of() : loaded;
        }
        if (loaded != null) {
            overlay.putAll(loaded);
        }
        return overlay;
    }

    // ---- writing ----------------------------------------------------------------------------------

    public void write(K key, V value) {
        if (writer == null) {
            return;
        }
        if (writeBehind != null) {
            queue(() -> writeBehind.put(key, value));
            return;
        }
        try {
            writer.write(new StrataCacheEntry<>(key, value));
        } catch (Exception e) {
            throw failure("write", e);
        }
    }

    public void delete(K key) {
        if (writer == null) {
            return;
        }
        if (writeBehind != null) {
            queue(() -> writeBehind.delete(key));
            return;
        }
        try {
            writer.delete(key);
        } catch (Exception e) {
            throw failure("delete", e);
        }
    }

    public Outcome<K> writeAll(Map<K, V> entries) {
        if (writer == null || entries.isEmpty()) {
            return new Outcome<>(entries.keySet(), null);
        }
        if (writeBehind != null) {
            return queueEach(entries.keySet(), key -> writeBehind.put(key, entries.get(key)));
        }
        List<Cache.Entry<? extends K, ? extends V>> batch = new ArrayList<>();
        entries.forEach((k, v) -> batch.add(new StrataCacheEntry<>(k, v)));
        try {
            writer.writeAll(batch);
            return new Outcome<>(entries.keySet(), null);
        } catch (Exception e) {
            Set<K> notWritten = new HashSet<>();
            batch.forEach(entry -> notWritten.add(entry.getKey()));
            List<K> written = new ArrayList<>(entries.keySet());
            written.removeAll(notWritten);
            return new Outcome<>(written, failure("writeAll", e));
        }
    }

    public Outcome<K> deleteAll(Set<K> keys) {
        if (writer == null || keys.isEmpty()) {
            return new Outcome<>(keys, null);
        }
        if (writeBehind != null) {
            return queueEach(keys, writeBehind::delete);
        }
        List<K> batch = new ArrayList<>(keys);
        try {
            writer.deleteAll(batch);
            return new Outcome<>(keys, null);
        } catch (Exception e) {
            List<K> deleted = new ArrayList<>(keys);
            deleted.removeAll(new HashSet<>(batch));
            return new Outcome<>(deleted, failure("deleteAll", e));
        }
    }

    /**
     * Queues one write-behind change; a queue that stayed full for {@code strata.write-behind.offer-timeout}
     * refuses it and the operation fails as a writer failure would, leaving the cache unchanged.
     */
    private void queue(Runnable change) {
        try {
            change.run();
        } catch (WriteBehindFullException | IllegalStateException e) {
            throw new CacheWriterException("the write-behind queue of cache '" + cacheName + "' refused a change; "
                    + "the cache was not changed for it", e);
        }
    }

    /** Queues each key's change in order; on a refusal, the keys queued so far are the ones done. */
    private Outcome<K> queueEach(Collection<K> keys, java.util.function.Consumer<K> change) {
        List<K> done = new ArrayList<>();
        for (K key : keys) {
            try {
                queue(() -> change.accept(key));
            } catch (CacheWriterException e) {
                return new Outcome<>(done, e);
            }
            done.add(key);
        }
        return new Outcome<>(keys, null);
    }

    private CacheWriterException failure(String operation, Exception e) {
        if (e instanceof CacheWriterException cwe) {
            return cwe;
        }
        return new CacheWriterException("the CacheWriter of cache '" + cacheName + "' failed in " + operation
                + "; the cache was not changed for the entries it did not write", e);
    }

    /** Flushes the write-behind queue (while the writer is still open), then closes loader and writer. */
    @Override
    public void close() {
        if (writeBehind != null) {
            try {
                WriteBehind.CloseReport<K, V> report = writeBehind.closeAndReport();
                if (!report.isClean()) {
                    LOG.error("cache '{}': {} write-behind change(s) did not reach the CacheWriter before the close "
                            + "timeout{}: {}", cacheName, report.unwritten().size(),
                            report.journaled() ? " (they stay in the journal and are replayed on reopening)" : "",
                            report.unwritten());
                }
            } catch (RuntimeException e) {
                LOG.error("cache '{}': closing the write-behind queue failed", cacheName, e);
            }
        }
        Closing.quietly(loader);
        Closing.quietly(writer);
    }
}
