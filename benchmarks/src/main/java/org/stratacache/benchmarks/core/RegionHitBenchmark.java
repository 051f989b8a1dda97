package org.stratacache.benchmarks.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

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
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;

/**
 * One cache hit by reference, side by side, with every thread reading one shared cache (run with {@code -t 1},
 * {@code -t 2}, {@code -t max}: the report does all three). Contenders ({@code cache}):
 * <ul>
 *   <li>{@code strata}: a region of Strata's local tier on its default engine (Caffeine), by reference;</li>
 *   <li>{@code strata-ehcache}: the same region on the Ehcache engine ({@code strata.local.engine=ehcache});</li>
 *   <li>{@code strata-by-value}: the default engine with store-by-value (a serialised copy per hit; not run by
 *       default, {@code -p cache=strata-by-value});</li>
 *   <li>{@code caffeine}: Caffeine bounded by size alone, the floor of an on-heap hit;</li>
 *   <li>{@code caffeine-validated}: Caffeine holding each value in a small record with the version it was
 *       stored at, which a hit compares with a live counter before handing the value out: the least a cache that
 *       must never serve an invalidated entry does on a hit (one more dependent read than {@code caffeine}, whose
 *       hit hands out the value without reading it);</li>
 *   <li>{@code caffeine-expiring}: Caffeine with a 10-minute expiry after write, as a user configures it for a
 *       TTL (it reads {@code System.nanoTime()} on every hit; Strata's regions read a coarse clock instead, see
 *       {@code strata.expiry.clock});</li>
 *   <li>{@code ehcache-jcache}: Ehcache 3 through JCache, by reference.</li>
 * </ul>
 * Keys are boxed once, before the measurement, so that a hit allocates only what the cache does
 * ({@code -prof gc}: {@code gc.alloc.rate.norm}). Each thread walks the keys with a large odd stride from its
 * own start, so threads touch different entries and the walk defeats the CPU's prefetcher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class RegionHitBenchmark {
    private static final int STRIDE = 7919;

    @Param({"1000", "1000000"})
    public int entries;

    @Param({"strata", "strata-ehcache", "caffeine", "caffeine-validated", "caffeine-expiring", "ehcache-jcache"})
    public String cache;

    private Integer[] keys;
    private RegionStore store;
    private CacheManager jcacheManager;
    private IntFunction<Product> hit;
    private final AtomicInteger threads = new AtomicInteger();

    /** A typical immutable cached value. */
    public record Product(int id, String name, long priceCents) implements java.io.Serializable {
    }

    /** A value with the version of its invalidation counter when it was stored ({@code caffeine-validated}). */
    record Versioned(Product value, long version) {
    }

    /** One thread's position in the key walk. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start(RegionHitBenchmark shared) {
            next = (shared.threads.getAndIncrement() * 104_729) % shared.entries;
        }

        int next(int bound) {
            next += STRIDE;
            if (next >= bound) {
                next -= bound;
                if (next >= bound) {
                    next %= bound;
                }
            }
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        keys = new Integer[entries];
        for (int i = 0; i < entries; i++) {
            keys[i] = i;
        }
        long bound = entries * 2L;
        switch (cache) {
            case "strata", "strata-ehcache", "strata-by-value" -> {
                RegionStore.Builder builder = RegionStore.builder().name("hit-bench");
                if (cache.equals("strata-ehcache")) {
                    builder.setting("strata.local.engine", "ehcache");
                }
                store = builder.build();
                Region<Integer, Product> region = store.region("products", RegionSettings.builder()
                        .maxEntries(bound).storeByValue(cache.equals("strata-by-value")).build());
                fill(region::put);
                hit = i -> region.get(keys[i]);
            }
            case "caffeine" -> {
                var caffeine = Caffeine.newBuilder().maximumSize(bound).<Integer, Product>build();
                fill(caffeine::put);
                hit = i -> caffeine.getIfPresent(keys[i]);
            }
            case "caffeine-validated" -> {
                var caffeine = Caffeine.newBuilder().maximumSize(bound).<Integer, Versioned>build();
                AtomicLong version = new AtomicLong();
                fill((k, v) -> caffeine.put(k, new Versioned(v, version.get())));
                hit = i -> {
                    Versioned v = caffeine.getIfPresent(keys[i]);
                    return v != null && v.version() == version.get() ? v.value() : null;
                };
            }
            case "caffeine-expiring" -> {
                var caffeine = Caffeine.newBuilder().maximumSize(bound)
                        .expireAfterWrite(java.time.Duration.ofMinutes(10)).<Integer, Product>build();
                fill(caffeine::put);
                hit = i -> caffeine.getIfPresent(keys[i]);
            }
            case "ehcache-jcache" -> {
                CachingProvider provider = Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider");
                jcacheManager = provider.getCacheManager();
                var jcache = jcacheManager.createCache("ehcache-by-reference-" + entries,
                        new MutableConfiguration<Integer, Product>().setTypes(Integer.class, Product.class)
                                .setStoreByValue(false));
                fill(jcache::put);
                hit = i -> jcache.get(keys[i]);
            }
            default -> throw new IllegalArgumentException("unknown cache " + cache);
        }
    }

    private void fill(java.util.function.BiConsumer<Integer, Product> put) {
        for (int i = 0; i < entries; i++) {
            put.accept(keys[i], new Product(i, "product-" + i, 999));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close();
        }
        if (jcacheManager != null) {
            jcacheManager.close();
        }
    }

    @Benchmark
    public Product hit(Cursor c) {
        return hit.apply(c.next(entries));
    }
}
