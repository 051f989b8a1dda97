package org.stratacache.benchmarks.core;

import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;

/**
 * One cache hit, side by side: Strata's local tier by reference and by value, Ehcache 3 through JCache
 * (its default store-by-value and store-by-reference), and Caffeine — the physical limit of an on-heap
 * hit. {@code entries} shows how the hit cost grows with the cache size; run with {@code -t 2} for the
 * two-thread figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
@Threads(1)
public class RegionHitBenchmark {

    @Param({"10000"})
    public int entries;

    private RegionStore store;
    private Region<Integer, Product> strataByReference;
    private Region<Integer, Product> strataByValue;
    private CacheManager jcacheManager;
    private Cache<Integer, Product> ehcacheByValue;
    private Cache<Integer, Product> ehcacheByReference;
    private com.github.benmanes.caffeine.cache.Cache<Integer, Product> caffeine;

    /** A typical immutable cached value. */
    public record Product(int id, String name, long priceCents) implements java.io.Serializable {
    }

    /** Per-thread key cursor, so threads do not share a counter. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int next(int bound) {
            next = next + 7919 < bound ? next + 7919 : (next + 7919) % bound;
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        store = RegionStore.builder().name("hit-bench").build();
        strataByReference = store.region("by-reference", RegionSettings.builder().maxEntries(entries * 2L).build());
        strataByValue = store.region("by-value", RegionSettings.builder().maxEntries(entries * 2L)
                .storeByValue(true).build());
        CachingProvider provider = Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider");
        jcacheManager = provider.getCacheManager();
        ehcacheByValue = jcacheManager.createCache("ehcache-by-value" + entries,
                new MutableConfiguration<Integer, Product>().setTypes(Integer.class, Product.class));
        ehcacheByReference = jcacheManager.createCache("ehcache-by-reference" + entries,
                new MutableConfiguration<Integer, Product>().setTypes(Integer.class, Product.class)
                        .setStoreByValue(false));
        caffeine = Caffeine.newBuilder().maximumSize(entries * 2L).build();
        for (int i = 0; i < entries; i++) {
            Product p = new Product(i, "product-" + i, 999);
            strataByReference.put(i, p);
            strataByValue.put(i, p);
            ehcacheByValue.put(i, p);
            ehcacheByReference.put(i, p);
            caffeine.put(i, p);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        jcacheManager.close();
    }

    @Benchmark
    public Product strataLocalByReference(Cursor c) {
        return strataByReference.get(c.next(entries));
    }

    @Benchmark
    public Product strataLocalByValue(Cursor c) {
        return strataByValue.get(c.next(entries));
    }

    @Benchmark
    public Product ehcacheJCacheDefault(Cursor c) {
        return ehcacheByValue.get(c.next(entries));
    }

    @Benchmark
    public Product ehcacheJCacheByReference(Cursor c) {
        return ehcacheByReference.get(c.next(entries));
    }

    @Benchmark
    public Product caffeine(Cursor c) {
        return caffeine.getIfPresent(c.next(entries));
    }
}
