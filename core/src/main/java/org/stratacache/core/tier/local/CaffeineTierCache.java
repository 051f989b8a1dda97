package org.stratacache.core.tier.local;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;

/**
 * One region's storage in the local tier on Caffeine (the default engine): a bounded on-heap map with a
 * per-entry expiry and frequency-aware eviction (W-TinyLFU).
 *
 * <p>Choices, each for the hit path or for exact counts:
 * <ul>
 *   <li><b>No Caffeine statistics.</b> The region counts hits and misses itself, in striped adders; Caffeine's
 *       own would be a second set of counters per read.</li>
 *   <li><b>Evictions and expirations</b> are counted by an eviction listener, which Caffeine calls on the
 *       thread that does the maintenance (never for an explicit removal, a replacement or a clear).</li>
 *   <li><b>Maintenance at the next tick</b> of a thread of Strata's ({@code TickExecutor}), not on the caller's
 *       thread: a hit appends to a striped, lossy read buffer and returns, and that thread replays the buffer into
 *       the eviction policy within a millisecond. Done on the reader's own thread ({@code executor(Runnable::run)})
 *       those replays made a hit cost 49 ns instead of 36 at one thread and 86 instead of 55 at two
 *       ({@code RegionHitBenchmark}, 2 cores); handed to the common pool (Caffeine's default), a reader woke a
 *       parked pool thread every time the buffer filled, a system call. Reads made while a replay waits for the
 *       tick are left out of the policy's sample (the buffer is lossy by design). So evictions happen within a
 *       tick after the write that exceeds the bound (or inside a write that finds the write buffer full); writes
 *       that arrive while a replay runs wait for the cache's next use (Caffeine reschedules at once only on its
 *       own pool); every figure read from this cache
 *       ({@link #evictions()}, {@link #expirations()}, {@link #heldEntries()}, {@link #size()}, the
 *       {@link #iterator()} that region sizes walk) first runs the
 *       pending maintenance ({@code cleanUp}), so what the statistics say is exact when they are read.</li>
 *   <li><b>A coarse expiry clock</b> by default ({@code strata.expiry.clock=coarse}): Caffeine reads its ticker on
 *       every hit to see whether the entry expired, and {@code System.nanoTime()} was most of a hit's cost
 *       ({@link org.stratacache.core.internal.CoarseClock} says how much, and what a millisecond tick allows).</li>
 *   <li><b>Store-by-value</b> copies on the way in and out, as the Ehcache engine's copier did: what the cache
 *       holds is never an object a caller has.</li>
 * </ul>
 */
final class CaffeineTierCache<K, V> implements TierCache<K, V> {
    private final Cache<K, StoredEntry<V>> cache;
    private final ConcurrentMap<K, StoredEntry<V>> map;
    /** Null for store-by-reference. */
    private final SerializingCopier copier;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    /**
     * Set by {@link #close()}: from then on every operation fails, as the Ehcache engine's closed caches do, so the
     * region degrades to the database. A closed cache that kept answering would serve entries no invalidation
     * reaches any more (the store that invalidates is closed).
     */
    private volatile boolean closed;

    private final Consumer<CaffeineTierCache<?, ?>> onClose;

    /**
     * @param clock       the expiry clock; {@link Ticker#systemTicker()} reads {@code System.nanoTime()} per hit
     * @param maintenance runs Caffeine's maintenance ({@link org.stratacache.core.internal.TickExecutor})
     * @param onClose     given this cache once, when it closes (the tier forgets it)
     */
    CaffeineTierCache(RegionSettings settings, SerializingCopier copier, Ticker clock, Executor maintenance,
                      Consumer<CaffeineTierCache<?, ?>> onClose) {
        this.copier = copier;
        this.onClose = onClose;
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(new EntryExpiry<K, V>(settings.ttl()))
                .ticker(clock)
                .executor(maintenance)
                .evictionListener((K key, StoredEntry<V> entry, RemovalCause cause) -> counted(cause))
                .build();
        this.map = cache.asMap();
    }

    private void counted(RemovalCause cause) {
        if (cause == RemovalCause.EXPIRED) {
            expirations.increment();
        } else if (cause.wasEvicted()) {
            evictions.increment();
        }
    }

    @Override
    public StoredEntry<V> get(K key) {
        checkOpen();
        return copied(cache.getIfPresent(key));
    }

    @Override
    public void put(K key, StoredEntry<V> entry) {
        checkOpen();
        map.put(key, copied(entry));
    }

    @Override
    public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
        checkOpen();
        return copied(map.putIfAbsent(key, copied(entry)));
    }

    @Override
    public boolean replace(K key, StoredEntry<V> expected, StoredEntry<V> entry) {
        checkOpen();
        return map.replace(key, expected, copied(entry));
    }

    @Override
    public void remove(K key) {
        checkOpen();
        map.remove(key);
    }

    @Override
    public void clear() {
        checkOpen();
        cache.invalidateAll();
    }

    @Override
    public long size() {
        checkOpen();
        cache.cleanUp();
        // Caffeine's own size counts expired entries not yet swept; its iteration skips them
        long n = 0;
        for (Iterator<K> it = map.keySet().iterator(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Override
    public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
        checkOpen();
        cache.cleanUp();
        return new MappedIterator<>(map.entrySet().iterator(),
                e -> new AbstractMap.SimpleImmutableEntry<>(e.getKey(), copied(e.getValue())));
    }

    @Override
    public long evictions() {
        cache.cleanUp();
        return evictions.sum();
    }

    @Override
    public long expirations() {
        cache.cleanUp();
        return expirations.sum();
    }

    @Override
    public long heldEntries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.invalidateAll();
        cache.cleanUp();
        onClose.accept(this);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this region's local tier cache is closed (its store was closed)");
        }
    }

    /** {@code entry} as this cache hands it in or out: a serialized copy for store-by-value, else itself. */
    private StoredEntry<V> copied(StoredEntry<V> entry) {
        return copier == null || entry == null ? entry : copier.copy(entry, "value");
    }

    /**
     * Expiry from the region TTL, or from the entry's own TTL when it has one; replacing an entry starts its
     * TTL again and reads do not extend it. A TTL of 0 means never (Caffeine caps the duration it is given).
     */
    private static final class EntryExpiry<K, V> implements Expiry<K, StoredEntry<V>> {
        private final long regionTtlNanos;

        EntryExpiry(Duration regionTtl) {
            this.regionTtlNanos = nanos(regionTtl.toMillis());
        }

        @Override
        public long expireAfterCreate(K key, StoredEntry<V> entry, long now) {
            return ttlNanos(entry);
        }

        @Override
        public long expireAfterUpdate(K key, StoredEntry<V> entry, long now, long currentDuration) {
            return ttlNanos(entry);
        }

        @Override
        public long expireAfterRead(K key, StoredEntry<V> entry, long now, long currentDuration) {
            return currentDuration;
        }

        private long ttlNanos(StoredEntry<V> entry) {
            return entry.hasOwnTtl() ? nanos(entry.ttlMillis()) : regionTtlNanos;
        }

        private static long nanos(long millis) {
            return millis == 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }
}
