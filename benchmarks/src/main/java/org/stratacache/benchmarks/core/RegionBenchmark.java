package org.stratacache.benchmarks.core;

import java.util.concurrent.TimeUnit;

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
import org.stratacache.core.Loader;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;

/**
 * A region hit stored by reference vs by value, and the cost of a read-through miss (a miss, a trivial
 * loader, the store) — the overhead Strata adds on top of whatever the loader costs.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RegionBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class RegionBenchmark {
    private static final int KEYS = 10_000;

    @Param({"reference", "value"})
    public String storeBy;

    private RegionStore store;
    private Region<Integer, Product> hits;
    private Region<Integer, Product> misses;
    private final Loader<Integer, Product> loader = id -> new Product(id, "product-" + id, 9.99);
    private int next;

    /** A typical immutable cached value. */
    public record Product(int id, String name, double price) implements java.io.Serializable {
    }

    @Setup(Level.Trial)
    public void setUp() {
        store = RegionStore.builder().name("bench").build();
        boolean byValue = storeBy.equals("value");
        hits = store.region("hits", RegionSettings.builder().maxEntries(KEYS * 2).storeByValue(byValue).build());
        misses = store.region("misses", RegionSettings.builder().maxEntries(KEYS * 2).storeByValue(byValue).build());
        for (int i = 0; i < KEYS; i++) {
            hits.put(i, new Product(i, "product-" + i, 9.99));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Product hit() {
        next = (next + 1) % KEYS;
        return hits.get(next);
    }

    @Benchmark
    public Product readThroughHit() {
        next = (next + 1) % KEYS;
        return hits.get(next, loader);
    }

    /** Every call misses: the key is invalidated first, so the loader runs and the value is stored. */
    @Benchmark
    public Product readThroughMiss() {
        next = (next + 1) % KEYS;
        misses.invalidate(next);
        return misses.get(next, loader);
    }
}
