package org.stratacache.benchmarks.core;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;

/**
 * How a hit scales: throughput of Strata's local tier (and Caffeine for reference) from 1k to 1M entries;
 * run with {@code -t 1} and {@code -t 2} for the thread scaling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class ScaleBenchmark {

    @Param({"1000", "1000000"})
    public int entries;

    @Param({"strata", "caffeine"})
    public String cache;

    private RegionStore store;
    private Region<Integer, String> region;
    private com.github.benmanes.caffeine.cache.Cache<Integer, String> caffeine;

    /** Per-thread key cursor. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int next(int bound) {
            next = (next + 7919) % bound;
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (cache.equals("strata")) {
            store = RegionStore.builder().name("scale-bench").build();
            region = store.region("scale", RegionSettings.builder().maxEntries(entries * 2L).build());
            for (int i = 0; i < entries; i++) {
                region.put(i, "value-" + i);
            }
        } else {
            caffeine = Caffeine.newBuilder().maximumSize(entries * 2L).build();
            for (int i = 0; i < entries; i++) {
                caffeine.put(i, "value-" + i);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    @Benchmark
    public String hit(Cursor c) {
        int key = c.next(entries);
        return region != null ? region.get(key) : caffeine.getIfPresent(key);
    }
}
