package org.stratacache.benchmarks.hibernate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import org.hibernate.SessionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code session.find(Product.class, id)} in a new session, 10k rows in H2 in-memory, every find an L2 hit
 * (the cache is warmed in setup), side by side:
 * <ul>
 *   <li>{@code none} — no second-level cache: every find is a SELECT;</li>
 *   <li>{@code jcache-default} — hibernate-jcache over Ehcache 3 with the default JCache configuration
 *       (caches created on the fly: store-by-value, so every hit deserialises a copy);</li>
 *   <li>{@code jcache-by-reference} — the same, caches configured store-by-reference;</li>
 *   <li>{@code strata} — Strata's region factory, local tier (store-by-reference);</li>
 *   <li>{@code floor} — {@link MapRegionFactory}: Hibernate's region support over a bare map by reference, what
 *       Hibernate itself spends on a hit; a Strata hit over it is Strata's share.</li>
 * </ul>
 * Every variant runs at any thread count ({@code -t}): the pool has a connection per thread and all threads share
 * one SessionFactory.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar Hibernate -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HibernateFindBenchmark {
    static final int ROWS = ProductDatabase.ROWS;

    @Param({"none", "jcache-default", "jcache-by-reference", "strata", "floor"})
    public String cache;

    private SessionFactory sessionFactory;
    private CacheManager cacheManager;
    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        pool = ProductDatabase.pool("bench_" + cache, params.getThreads());
        Map<String, Object> settings = ProductDatabase.baseSettings(pool);
        switch (cache) {
            case "none" -> settings.put("hibernate.cache.use_second_level_cache", "false");
            case "jcache-default" -> {
                settings.put("hibernate.cache.use_second_level_cache", "true");
                settings.put("hibernate.cache.region.factory_class", "jcache");
                settings.put("hibernate.javax.cache.provider", "org.ehcache.jsr107.EhcacheCachingProvider");
                settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
            }
            case "jcache-by-reference" -> {
                settings.put("hibernate.cache.use_second_level_cache", "true");
                settings.put("hibernate.cache.region.factory_class", "jcache");
                cacheManager = byReferenceCacheManager();
                settings.put("hibernate.javax.cache.cache_manager", cacheManager);
            }
            case "strata" -> {
                settings.put("hibernate.cache.use_second_level_cache", "true");
                settings.put("hibernate.cache.region.factory_class", "strata");
                settings.put("strata.defaults.max-entries", "100000");
            }
            case "floor" -> {
                settings.put("hibernate.cache.use_second_level_cache", "true");
                settings.put("hibernate.cache.region.factory_class", new MapRegionFactory());
            }
            default -> throw new IllegalArgumentException("unknown cache variant " + cache);
        }
        sessionFactory = ProductDatabase.open(settings);
        // warm: load every row once so that each measured find is an L2 hit
        for (long id = 0; id < ROWS; id++) {
            find(id);
        }
    }

    private static CacheManager byReferenceCacheManager() {
        CachingProvider provider = Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider");
        CacheManager manager = provider.getCacheManager();
        for (String region : List.of(Product.class.getName(), "default-update-timestamps-region",
                "default-query-results-region")) {
            manager.createCache(region, new MutableConfiguration<>().setStoreByValue(false));
        }
        return manager;
    }

    @TearDown(Level.Trial)
    public void stop() {
        sessionFactory.close();
        pool.close();
        if (cacheManager != null) {
            cacheManager.close();
        }
    }

    /** One find by id in a new session; each thread's ids cycle through all rows. */
    @Benchmark
    public int findInNewSession(ProductIds ids) {
        return find(ids.next());
    }

    private int find(long id) {
        return ProductDatabase.find(sessionFactory, id);
    }
}
