package org.stratacache.examples.support;

import java.util.Arrays;

/** Records operation latencies (nanoseconds) and answers percentiles. Not thread-safe: one per worker. */
public final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    /** Times {@code operation} and records it. */
    public <T> T time(java.util.function.Supplier<T> operation) {
        long start = System.nanoTime();
        T result = operation.get();
        record(System.nanoTime() - start);
        return result;
    }

    public int count() {
        return count;
    }

    /** The {@code p}-th percentile in microseconds (p in 0..100), 0 with no samples. */
    public double percentileMicros(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1_000.0;
    }
}
