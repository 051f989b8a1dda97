package org.stratacache.core.internal.stats;

/**
 * Delays in milliseconds, counted per millisecond up to 10 s (above: one bucket, with the largest seen), for
 * percentiles that are exact to the millisecond. Written from one thread at a time in practice (a listener);
 * synchronized so that snapshots read a consistent state.
 */
public final class DelayHistogram {
    private static final int BUCKETS = 10_001;
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    public synchronized void record(long millis) {
        long m = Math.max(0, millis);
        counts[(int) Math.min(BUCKETS - 1, m)]++;
        total++;
        max = Math.max(max, m);
    }

    /** The delay below which {@code fraction} of the recorded delays lie; 0 when none was recorded. */
    public synchronized long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS - 1 ? max : i;
            }
        }
        return max;
    }

    public synchronized long max() {
        return max;
    }

    public synchronized long count() {
        return total;
    }
}
