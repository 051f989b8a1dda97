package org.stratacache.core.tier.distributed;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.stratacache.core.tier.StoredEntry;

/**
 * The in-process copy of one region's hot entries, in front of its Hazelcast map.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>No stale install.</b> A miss that wants to keep what it fetches first {@link #reserve reserves}
 *       the key (a placeholder in the map), then fetches, then {@link #install installs} only by replacing
 *       its own placeholder. An invalidation removes whatever the key holds, placeholder included, so a
 *       value fetched before an invalidation arrived can never be installed after it.</li>
 *   <li><b>Hard staleness bound.</b> Every copy expires {@code ttl} after it was fetched (or earlier, with
 *       the entry's own TTL). Invalidation events are the fast path; the TTL bounds the damage of a lost
 *       one.</li>
 *   <li><b>Admission by frequency.</b> A key is admitted only after {@code minReads} recent reads
 *       ({@link FrequencySketch}), so a scan of keys read once does not flush the hot set.</li>
 *   <li><b>Bounded size.</b> Past {@code capacity}, one thread sweeps: expired copies go, then the least
 *       frequently read, down to 90 % of capacity (amortised O(1) per install; the sweep runs only after
 *       a remote fetch, which costs far more).</li>
 * </ul>
 * Reads take no lock: one map lookup, one sketch increment, and the time from a {@code LongSupplier} clock —
 * the tier's {@link org.stratacache.core.internal.CoarseClock}, a field read, since {@code System.nanoTime()} per
 * read cost more than the rest of a local hit (a copy may then be served up to a clock tick past its TTL).
 */
final class NearCache {
    private final ConcurrentHashMap<Object, Object> slots = new ConcurrentHashMap<>();
    private final FrequencySketch sketch;
    private final ReentrantLock sweepLock = new ReentrantLock();
    private final int capacity;
    private final long ttlNanos;
    private final int minReads;
    /** Read on every hit; {@code System::nanoTime} or a coarse clock that is never ahead of it. */
    private final LongSupplier readClock;

    NearCache(int capacity, long ttlNanos, int minReads) {
        this(capacity, ttlNanos, minReads, System::nanoTime);
    }

    NearCache(int capacity, long ttlNanos, int minReads, LongSupplier readClock) {
        this.capacity = capacity;
        this.ttlNanos = ttlNanos;
        this.minReads = minReads;
        this.sketch = new FrequencySketch(capacity);
        this.readClock = readClock;
    }

    /** The held copy, or null; counts the read for admission. */
    StoredEntry<?> get(Object key) {
        sketch.increment(key);
        Object slot = slots.get(key);
        if (slot instanceof Held held) {
            if (readClock.getAsLong() - held.expiresAtNanos < 0) {
                return held.entry;
            }
            slots.remove(key, held);
        }
        return null;
    }

    /**
     * Reserves {@code key} before a remote fetch; null when the key is not (yet) read often enough or when
     * another fetch already holds the reservation.
     */
    Object reserve(Object key) {
        if (sketch.frequency(key) < minReads) {
            return null;
        }
        Object reservation = new Object(); // identity is what counts: only its owner can replace it
        return slots.putIfAbsent(key, reservation) == null ? reservation : null;
    }

    /** Installs a fetched entry if the reservation survived (no invalidation since). */
    void install(Object key, Object reservation, StoredEntry<?> entry, long entryTtlMillis) {
        long ttl = ttlNanos;
        if (entryTtlMillis > 0) {
            long remainingMillis = entry.storedAtMillis() + entryTtlMillis - System.currentTimeMillis();
            if (remainingMillis <= 0) {
                slots.remove(key, reservation);
                return;
            }
            ttl = Math.min(ttl, remainingMillis * 1_000_000L);
        }
        if (slots.replace(key, reservation, new Held(entry, System.nanoTime() + ttl)) && slots.size() > capacity) {
            sweep();
        }
    }

    /** Drops a reservation whose fetch found nothing or failed. */
    void cancel(Object key, Object reservation) {
        slots.remove(key, reservation);
    }

    void invalidate(Object key) {
        slots.remove(key);
    }

    void clear() {
        slots.clear();
    }

    /** Copies held now (placeholders excluded). */
    int size() {
        int n = 0;
        for (Object slot : slots.values()) {
            if (slot instanceof Held) {
                n++;
            }
        }
        return n;
    }

    private void sweep() {
        if (!sweepLock.tryLock()) {
            return; // another thread sweeps; the overshoot is bounded by the concurrent installs
        }
        try {
            int target = Math.max(0, capacity - Math.max(1, capacity / 10));
            long now = System.nanoTime();
            int[] histogram = new int[16];
            for (var e : slots.entrySet()) {
                if (e.getValue() instanceof Held held) {
                    if (now - held.expiresAtNanos >= 0) {
                        slots.remove(e.getKey(), held);
                    } else {
                        histogram[sketch.frequency(e.getKey())]++;
                    }
                }
            }
            int excess = slots.size() - target;
            if (excess <= 0) {
                return;
            }
            // The lowest frequency band that, with the bands below it, covers the excess.
            int threshold = 0;
            for (int seen = histogram[0]; seen < excess && threshold < 15; seen += histogram[++threshold]) {
                // advance
            }
            for (var e : slots.entrySet()) {
                if (excess <= 0) {
                    break;
                }
                if (e.getValue() instanceof Held held && sketch.frequency(e.getKey()) <= threshold
                        && slots.remove(e.getKey(), held)) {
                    excess--;
                }
            }
        } finally {
            sweepLock.unlock();
        }
    }

    /** A held copy and when it stops being served. */
    private record Held(StoredEntry<?> entry, long expiresAtNanos) {
    }
}
