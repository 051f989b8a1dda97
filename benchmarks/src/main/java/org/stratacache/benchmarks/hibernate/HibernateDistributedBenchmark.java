package org.stratacache.benchmarks.hibernate;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
 * {@code session.find(Product.class, id)} in a new session, every find an L2 hit, on Strata's two tiers in
 * one run (10k rows in H2 in-memory, the cache warmed in setup; READ_WRITE entity region):
 * <ul>
 *   <li>{@code strata-local} — the local tier (Ehcache on-heap, entries by reference);</li>
 *   <li>{@code strata-distributed} — {@code strata.tier=distributed}: one embedded Hazelcast member on
 *       127.0.0.1 in a cluster of its own, near cache on (every key read often enough to be admitted, the
 *       near cache sized to hold all rows), so a hit costs no serialisation and no hop.</li>
 * </ul>
 * Target (issue 6): distributed ≤ 1.5 × local. hazelcast-hibernate's distributed region factory is not
 * compared: it supports Hibernate up to 6.5 only, and Strata runs on Hibernate 7.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HibernateDistributed -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HibernateDistributedBenchmark {
    static final int ROWS = ProductDatabase.ROWS;

    @Param({"strata-local", "strata-distributed"})
    public String tier;

    private SessionFactory sessionFactory;
    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        pool = ProductDatabase.pool("bench_distributed_" + tier, params.getThreads());
        Map<String, Object> settings = ProductDatabase.baseSettings(pool);
        settings.put("hibernate.cache.use_second_level_cache", "true");
        settings.put("hibernate.cache.region.factory_class", "strata");
        settings.put("strata.defaults.max-entries", "100000");
        switch (tier) {
            case "strata-local" -> settings.put("strata.tier", "local");
            case "strata-distributed" -> {
                String cluster = "strata-bench-" + UUID.randomUUID().toString().substring(0, 8);
                int port = 42_000 + ThreadLocalRandom.current().nextInt(500) * 10;
                settings.put("strata.tier", "distributed");
                settings.put("strata.store.name", cluster);
                settings.put("strata.hazelcast.cluster-name", cluster);
                settings.put("strata.hazelcast.port", Integer.toString(port));
                settings.put("strata.hazelcast.members", "127.0.0.1:" + port);
                settings.put("strata.hazelcast.backup-count", "0");
                settings.put("strata.hazelcast.near-cache.max-entries", Integer.toString(2 * ROWS));
            }
            default -> throw new IllegalArgumentException("unknown tier " + tier);
        }
        sessionFactory = ProductDatabase.open(settings);
        // warm: load every row, then read it again so the near cache admits it (strata.hazelcast.near-cache.min-reads)
        for (int round = 0; round < 3; round++) {
            for (long id = 0; id < ROWS; id++) {
                find(id);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        sessionFactory.close();
        pool.close();
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
