package org.stratacache.jdbc.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers, approximately, which query keys missed recently: the door of {@code strata.jdbc.admission=second-miss}.
 * A result is stored only on a key's second miss, so a query run once is passed through without being
 * materialised or stored: it costs nothing over the database and cannot push out what is read often.
 *
 * <p>A Bloom filter over the keys' hashes (two probes into a bit array of 8 bits per remembered key, 16 Kibit at
 * least). It is cleared after {@code window} first sightings, so "recently" means "within the last {@code window} new keys".
 * Errors go one way only: a false "seen before" stores a result one miss early, which is what
 * {@code first-miss} always does. Concurrent updates may lose a bit; that costs one more pass-through.
 */
final class RepeatFilter {
    private final AtomicLongArray bits;
    private final int mask;
    private final int window;
    private final AtomicInteger sightings = new AtomicInteger();

    /** @param window how many distinct keys are remembered before the filter starts over (at least 1) */
    RepeatFilter(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        // at least 16 Kibit: a small region's filter would otherwise mistake new keys for repeats now and then
        int wanted = (int) Math.min(1L << 30, Math.max(1L << 14, 8L * window));
        int size = Integer.highestOneBit(wanted - 1) << 1; // next power of two: masks instead of modulo
        this.bits = new AtomicLongArray(size / 64);
        this.mask = size - 1;
        this.window = window;
    }

    /** True when {@code hash} was offered before (within the window); otherwise remembers it and says false. */
    boolean seenBefore(int hash) {
        // QueryKey hashes are mixed already; mixing again keeps the filter sound for any int it is given
        int h1 = QueryKey.fmix(hash);
        int h2 = QueryKey.fmix(h1 ^ 0x9E3779B9) | 1;
        int a = h1 & mask;
        int b = (h1 + h2) & mask;
        if (isSet(a) && isSet(b)) {
            return true;
        }
        if (sightings.incrementAndGet() > window) {
            clear();
        }
        set(a);
        set(b);
        return false;
    }

    private boolean isSet(int bit) {
        return (bits.get(bit >>> 6) & (1L << bit)) != 0;
    }

    private void set(int bit) {
        long flag = 1L << bit;
        bits.getAndAccumulate(bit >>> 6, flag, (word, f) -> word | f);
    }

    private void clear() {
        sightings.set(0);
        for (int i = 0; i < bits.length(); i++) {
            bits.set(i, 0);
        }
    }
}
