package org.stratacache.core.tier.distributed;

/**
 * How often keys were read recently: a count-min sketch of 4-bit counters (four counters per key, the
 * estimate is the smallest), halved after {@code 10 × width} increments so that old popularity fades.
 *
 * <p>Deliberately unsynchronised: an increment lost to a race only makes an estimate slightly low, and the
 * sketch is a heuristic for admission and eviction, never a source of correctness. Estimates are capped
 * at 15.
 */
final class FrequencySketch {
    private static final long[] SEEDS = {0xc3a5c85c97cb3127L, 0xb492b66fbe98f273L, 0x9ae16a3b2f90404fL,
            0xcbf29ce484222325L};
    private static final long HALF_MASK = 0x7777_7777_7777_7777L;

    private final long[] table;
    private final int mask;
    private final int sampleSize;
    private int additions;

    FrequencySketch(int expectedEntries) {
        int width = Integer.highestOneBit(Math.max(64, Math.min(expectedEntries, 1 << 24)) - 1) << 1;
        this.table = new long[width];
        this.mask = width - 1;
        this.sampleSize = 10 * width;
    }

    /** The estimated recent reads of {@code key}, 0..15. */
    int frequency(Object key) {
        int spread = spread(key.hashCode());
        int min = 15;
        for (int row = 0; row < 4; row++) {
            long h = hash(spread, row);
            int count = (int) ((table[index(h)] >>> offset(h)) & 0xF);
            min = Math.min(min, count);
        }
        return min;
    }

    /** Records one read of {@code key}. */
    void increment(Object key) {
        int spread = spread(key.hashCode());
        boolean added = false;
        for (int row = 0; row < 4; row++) {
            long h = hash(spread, row);
            int index = index(h);
            int offset = offset(h);
            if (((table[index] >>> offset) & 0xF) != 0xF) {
                table[index] += 1L << offset;
                added = true;
            }
        }
        if (added && ++additions >= sampleSize) {
            age();
        }
    }

    /** Halves every counter: popularity decays instead of accumulating forever. */
    private void age() {
        additions = 0;
        for (int i = 0; i < table.length; i++) {
            table[i] = (table[i] >>> 1) & HALF_MASK;
        }
    }

    private static int spread(int x) {
        x = ((x >>> 16) ^ x) * 0x45d9f3b;
        x = ((x >>> 16) ^ x) * 0x45d9f3b;
        return (x >>> 16) ^ x;
    }

    private static long hash(int spread, int row) {
        long h = (spread + SEEDS[row]) * SEEDS[row];
        return h + (h >>> 32);
    }

    private int index(long h) {
        return (int) h & mask;
    }

    private static int offset(long h) {
        return (int) ((h >>> 40) & 15) << 2;
    }
}
