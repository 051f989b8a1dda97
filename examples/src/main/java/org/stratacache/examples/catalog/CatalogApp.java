package org.stratacache.examples.catalog;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Latencies;
import org.stratacache.examples.support.Report;

/**
 * E-commerce catalog on Hibernate with Strata as the second-level cache.
 *
 * <p>A read-heavy browse workload (product pages by id, skewed towards popular products; category listings
 * through a cacheable query; product lookups by SKU) with occasional price and stock updates. The same
 * seeded workload runs twice, without and with the cache, each in a fresh database; every answer is
 * recorded and the two runs must agree.
 */
public final class CatalogApp {
    static final int CATEGORIES = 20;

    private final ExampleOptions options;
    private final PrintStream out;
    private final int products;

    public CatalogApp(ExampleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.products = Math.max(100, Math.min(2_000, options.operations() / 10));
    }

    /** Result of one run: every answer the workload saw, plus its measurements. */
    record Run(List<String> answers, Latencies reads, long databaseStatements, long cacheHits, long cacheMisses,
               long millis) {
    }

    public Report run() {
        out.printf("catalog: %d products in %d categories, %d operations per run%n", products, CATEGORIES,
                options.operations());
        Run plain = runOnce("catalog-plain", false);
        Run cached = options.distributed() ? runTwoNodes("catalog-strata") : runOnce("catalog-strata", true);
        long reads = plain.reads().count();
        Report report = new Report("E-commerce catalog (Hibernate + Strata L2)")
                .row("operations", (long) options.operations(), (long) options.operations())
                .row("database statements", plain.databaseStatements(), cached.databaseStatements())
                .row("served from cache (L2 hits)", 0L, cached.cacheHits())
                .row("L2 hit ratio", 0.0, ratio(cached.cacheHits(), cached.cacheMisses()))
                .row("read p50 (µs)", plain.reads().percentileMicros(50), cached.reads().percentileMicros(50))
                .row("read p99 (µs)", plain.reads().percentileMicros(99), cached.reads().percentileMicros(99))
                .row("wall time (ms)", plain.millis(), cached.millis());
        report.correctness(plain.answers().equals(cached.answers()),
                reads + " reads answered identically with and without cache");
        if (options.distributed()) {
            report.row("nodes", 1L, 2L)
                    .row("update seen on the other node p50 (ms)", null, visibility.percentileMicros(50) / 1000.0)
                    .row("update seen on the other node p99 (ms)", null, visibility.percentileMicros(99) / 1000.0);
            report.correctness(invisibleUpdates == 0, visibility.count() + " updates made on one node were read on "
                    + "the other within " + VISIBILITY_BOUND_MILLIS + " ms (" + invisibleUpdates + " were not)");
        }
        return report;
    }

    private Run runOnce(String runName, boolean cache) {
        try (SessionFactory sessions = sessionFactory(runName, cache)) {
            seed(sessions);
            Statistics stats = sessions.getStatistics();
            stats.clear();
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> answers = new ArrayList<>(options.operations());
            Latencies reads = new Latencies();
            long start = System.nanoTime();
            for (int op = 0; op < options.operations(); op++) {
                int dice = random.nextInt(100);
                if (dice < 80) {
                    long id = popularProduct(random);
                    answers.add(reads.time(() -> productPage(sessions, id)));
                } else if (dice < 90) {
                    long category = 1 + random.nextInt(CATEGORIES);
                    answers.add(reads.time(() -> categoryListing(sessions, category)));
                } else if (dice < 97) {
                    String sku = sku(popularProduct(random));
                    answers.add(reads.time(() -> bySku(sessions, sku)));
                } else {
                    update(sessions, popularProduct(random), random);
                }
                if ((op + 1) % Math.max(1, options.operations() / 4) == 0) {
                    out.printf("  %s: %,d / %,d operations%n", runName, op + 1, options.operations());
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long hits = stats.getSecondLevelCacheHitCount() + stats.getQueryCacheHitCount()
                    + stats.getNaturalIdCacheHitCount();
            long misses = stats.getSecondLevelCacheMissCount() + stats.getQueryCacheMissCount()
                    + stats.getNaturalIdCacheMissCount();
            return new Run(answers, reads, stats.getPrepareStatementCount(), hits, misses, millis);
        }
    }

    /**
     * The same workload on two nodes of one Hazelcast cluster (in this process): reads alternate between the
     * nodes, and after each update the other node is read until it shows the new state, which measures how
     * long a write takes to reach the other node's near cache.
     */
    private Run runTwoNodes(String runName) {
        String cluster = "strata-example-" + ProcessHandle.current().pid();
        try (SessionFactory a = sessionFactory(runName, true, cluster, "create-drop");
             SessionFactory b = sessionFactory(runName, true, cluster, "none")) {
            seed(a);
            a.getStatistics().clear();
            b.getStatistics().clear();
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> answers = new ArrayList<>(options.operations());
            Latencies reads = new Latencies();
            long start = System.nanoTime();
            for (int op = 0; op < options.operations(); op++) {
                SessionFactory node = op % 2 == 0 ? a : b;
                SessionFactory other = node == a ? b : a;
                int dice = random.nextInt(100);
                if (dice < 80) {
                    long id = popularProduct(random);
                    answers.add(reads.time(() -> productPage(node, id)));
                } else if (dice < 90) {
                    long category = 1 + random.nextInt(CATEGORIES);
                    answers.add(reads.time(() -> categoryListing(node, category)));
                } else if (dice < 97) {
                    String sku = sku(popularProduct(random));
                    answers.add(reads.time(() -> bySku(node, sku)));
                } else {
                    long id = popularProduct(random);
                    update(node, id, random);
                    awaitVisible(node, other, id);
                }
                if ((op + 1) % Math.max(1, options.operations() / 4) == 0) {
                    out.printf("  %s (2 nodes): %,d / %,d operations%n", runName, op + 1, options.operations());
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long hits = 0;
            long misses = 0;
            long statements = 0;
            for (SessionFactory node : List.of(a, b)) {
                Statistics stats = node.getStatistics();
                hits += stats.getSecondLevelCacheHitCount() + stats.getQueryCacheHitCount()
                        + stats.getNaturalIdCacheHitCount();
                misses += stats.getSecondLevelCacheMissCount() + stats.getQueryCacheMissCount()
                        + stats.getNaturalIdCacheMissCount();
                statements += stats.getPrepareStatementCount();
            }
            return new Run(answers, reads, statements, hits, misses, millis);
        }
    }

    static final long VISIBILITY_BOUND_MILLIS = 5_000;
    private final Latencies visibility = new Latencies();
    private long invisibleUpdates;

    /** Reads {@code id} on the other node until it shows what the writer's node shows, bounded in time. */
    private void awaitVisible(SessionFactory writer, SessionFactory other, long id) {
        String expected = productPage(writer, id);
        long start = System.nanoTime();
        long deadline = start + VISIBILITY_BOUND_MILLIS * 1_000_000;
        while (!expected.equals(productPage(other, id))) {
            if (System.nanoTime() > deadline) {
                invisibleUpdates++;
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        visibility.record(System.nanoTime() - start);
    }

    private String productPage(SessionFactory sessions, long id) {
        return sessions.fromSession(s -> {
            Product p = s.find(Product.class, id);
            return p == null ? "none" : p.getId() + ":" + p.getPrice().toPlainString() + ":" + p.getStock();
        });
    }

    private String categoryListing(SessionFactory sessions, long category) {
        return sessions.fromSession(s -> {
            List<Product> list = s.createSelectionQuery(
                            "from Product p where p.category.id = :c and p.stock > 0 order by p.id", Product.class)
                    .setParameter("c", category)
                    .setCacheable(true)
                    .setMaxResults(20)
                    .getResultList();
            StringBuilder sb = new StringBuilder("c").append(category);
            for (Product p : list) {
                sb.append(',').append(p.getId()).append(':').append(p.getPrice().toPlainString());
            }
            return sb.toString();
        });
    }

    private String bySku(SessionFactory sessions, String sku) {
        return sessions.fromSession(s -> {
            Product p = s.bySimpleNaturalId(Product.class).load(sku);
            return p == null ? "none" : p.getSku() + ":" + p.getStock();
        });
    }

    private void update(SessionFactory sessions, long id, SplittableRandom random) {
        boolean priceChange = random.nextBoolean();
        int amount = random.nextInt(1, 50);
        sessions.inTransaction(s -> {
            Product p = s.find(Product.class, id);
            if (priceChange) {
                p.setPrice(p.getPrice().add(BigDecimal.valueOf(amount, 2)));
            } else {
                p.setStock(Math.max(0, p.getStock() - amount) + (p.getStock() < amount ? 100 : 0));
            }
        });
    }

    /** 80 % of picks go to the first 20 % of products. */
    private long popularProduct(SplittableRandom random) {
        int hot = Math.max(1, products / 5);
        return 1 + (random.nextInt(10) < 8 ? random.nextInt(hot) : random.nextInt(products));
    }

    private static String sku(long id) {
        return "SKU-" + id;
    }

    private void seed(SessionFactory sessions) {
        sessions.inTransaction(s -> {
            List<Category> categories = new ArrayList<>();
            for (int c = 1; c <= CATEGORIES; c++) {
                Category category = new Category(c, "category " + c);
                categories.add(category);
                s.persist(category);
            }
            for (int i = 1; i <= products; i++) {
                s.persist(new Product(i, sku(i), "product " + i, categories.get(i % CATEGORIES),
                        BigDecimal.valueOf(1_000 + i % 500, 2), 10 + i % 90));
                if (i % 200 == 0) {
                    s.flush();
                    s.clear();
                }
            }
        });
    }

    private SessionFactory sessionFactory(String runName, boolean cache) {
        return sessionFactory(runName, cache, null, "create-drop");
    }

    private SessionFactory sessionFactory(String runName, boolean cache, String cluster, String schemaAction) {
        Configuration cfg = new Configuration()
                .addAnnotatedClass(Category.class)
                .addAnnotatedClass(Product.class);
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("hibernate.connection.url", options.databaseUrl(runName));
        settings.put("hibernate.connection.username", options.user());
        settings.put("hibernate.connection.password", options.password());
        settings.put("hibernate.hbm2ddl.auto", schemaAction);
        settings.put("hibernate.generate_statistics", "true");
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.cache.use_second_level_cache", Boolean.toString(cache));
        settings.put("hibernate.cache.use_query_cache", Boolean.toString(cache));
        if (cache) {
            settings.put("hibernate.cache.region.factory_class", "strata");
            settings.put("strata.store.name", runName);
            settings.put("strata.defaults.ttl", "10m");
            settings.put("strata.defaults.max-entries", "50000");
            if (cluster != null) {
                // two embedded members on loopback, joined by TCP-IP into a cluster of their own
                settings.put("strata.tier", "distributed");
                settings.put("strata.hazelcast.cluster-name", cluster);
            }
        }
        settings.forEach(cfg::setProperty);
        return cfg.buildSessionFactory();
    }

    private static double ratio(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? 0.0 : (double) hits / total;
    }
}
