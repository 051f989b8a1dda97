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
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.StrataDriver;
import org.stratacache.jdbc.UncachedReason;

/**
 * E-commerce catalog on Hibernate with Strata as the second-level cache, or ({@code --cache=jdbc}) with no
 * second-level cache and Hibernate's SQL through the {@code jdbc:strata:} driver.
 *
 * <p>A read-heavy browse workload (product pages by id, skewed towards popular products; category listings
 * through a cacheable query; price searches across categories, whose lazy categories Hibernate batch-fetches;
 * product lookups by SKU) with occasional price and stock updates. The same seeded workload runs twice,
 * without and with the cache, each in a fresh database; every answer is recorded and the two runs must agree.
 *
 * <p>Both runs batch-fetch lazy associations ({@code hibernate.default_batch_fetch_size}), as most production
 * configurations do: on PostgreSQL Hibernate then reads {@code where id = any (?)} with an array parameter,
 * which the JDBC cache must recognise as a plain read.
 */
public final class CatalogApp {
    static final int CATEGORIES = 20;
    /** Lazy associations initialised together; the price search touches up to 20 categories at once. */
    static final int BATCH_FETCH_SIZE = 16;
    /** Price searches read one of this many bands, so that they repeat. */
    static final int PRICE_BANDS = 10;
    /** Distinct store names for the runs of one JVM (the driver keeps a store per name until it shuts down). */
    private static final java.util.concurrent.atomic.AtomicInteger JDBC_RUNS =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ExampleOptions options;
    private final PrintStream out;
    private final int products;

    public CatalogApp(ExampleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.products = Math.max(100, Math.min(2_000, options.operations() / 10));
    }

    /** Where a run caches. */
    enum Caching { NONE, L2, JDBC }

    /**
     * Result of one run: every answer the workload saw, plus its measurements.
     *
     * @param jdbc the JDBC cache's counters ({@link Caching#JDBC} runs only, else null)
     */
    record Run(List<String> answers, Latencies reads, long databaseStatements, long cacheHits, long cacheMisses,
               long millis, JdbcStats jdbc) {
    }

    public Report run() {
        out.printf("catalog: %d products in %d categories, %d operations per run%n", products, CATEGORIES,
                options.operations());
        if (options.cache().equals("jdbc")) {
            return jdbcReport();
        }
        Run plain = runOnce("catalog-plain", Caching.NONE);
        Run cached = options.distributed() ? runTwoNodes("catalog-strata") : runOnce("catalog-strata", Caching.L2);
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
                reads + " reads answered identically with and without cache" + firstDifference(plain, cached));
        if (options.distributed()) {
            report.row("nodes", 1L, 2L)
                    .row("update seen on the other node p50 (ms)", null, visibility.percentileMicros(50) / 1000.0)
                    .row("update seen on the other node p99 (ms)", null, visibility.percentileMicros(99) / 1000.0);
            report.correctness(invisibleUpdates == 0, visibility.count() + " updates made on one node were read on "
                    + "the other within " + VISIBILITY_BOUND_MILLIS + " ms (" + invisibleUpdates + " were not)");
        }
        return report;
    }

    /**
     * {@code --cache=jdbc}: Hibernate without a second-level cache, once on the real driver and once on
     * {@code jdbc:strata:}; the JDBC hit ratio counts every read the application made (hits over hits, misses and
     * reads that ran uncached), so a statement the cache cannot take lowers it.
     */
    private Report jdbcReport() {
        Run plain = runOnce("catalog-plain", Caching.NONE);
        Run cached = runOnce("catalog-jdbc", Caching.JDBC);
        JdbcStats jdbc = cached.jdbc();
        long jdbcReads = jdbc.hits() + jdbc.misses() + jdbc.uncached();
        Report report = new Report("E-commerce catalog (Hibernate, no L2, over jdbc:strata:)")
                .row("operations", (long) options.operations(), (long) options.operations())
                .row("statements Hibernate prepared", plain.databaseStatements(), cached.databaseStatements())
                .row("JDBC reads", null, jdbcReads)
                .row("served from cache (JDBC hits)", 0L, jdbc.hits())
                .row("JDBC misses", null, jdbc.misses())
                .row("JDBC reads uncached", null, jdbc.uncached())
                .row("JDBC hit ratio", 0.0, jdbcReads == 0 ? 0.0 : (double) jdbc.hits() / jdbcReads)
                .row("read p50 (µs)", plain.reads().percentileMicros(50), cached.reads().percentileMicros(50))
                .row("read p99 (µs)", plain.reads().percentileMicros(99), cached.reads().percentileMicros(99))
                .row("wall time (ms)", plain.millis(), cached.millis());
        if (!jdbc.uncachedByReason().isEmpty()) {
            StringBuilder reasons = new StringBuilder("uncached JDBC reads by reason:");
            jdbc.uncachedByReason().entrySet().stream()
                    .sorted(Map.Entry.<UncachedReason, Long>comparingByValue().reversed())
                    .forEach(e -> reasons.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            report.note(reasons.toString());
        }
        report.correctness(plain.answers().equals(cached.answers()),
                plain.reads().count() + " reads answered identically with and without cache"
                        + firstDifference(plain, cached));
        return report;
    }

    private Run runOnce(String runName, Caching caching) {
        String storeName = caching == Caching.JDBC ? runName + "-" + JDBC_RUNS.incrementAndGet() : runName;
        try (SessionFactory sessions = sessionFactory(runName, caching, storeName, null, "create-drop")) {
            seed(sessions);
            Statistics stats = sessions.getStatistics();
            stats.clear();
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> answers = new ArrayList<>(options.operations());
            Latencies reads = new Latencies();
            long start = System.nanoTime();
            for (int op = 0; op < options.operations(); op++) {
                String answer = operation(sessions, random, reads);
                if (answer != null) {
                    answers.add(answer);
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
            JdbcStats jdbc = caching == Caching.JDBC ? StrataDriver.statistics().get(storeName) : null;
            return new Run(answers, reads, stats.getPrepareStatementCount(), hits, misses, millis, jdbc);
        }
    }

    /** One operation of the workload, timed into {@code reads} when it reads; its answer, or null for an update. */
    private String operation(SessionFactory sessions, SplittableRandom random, Latencies reads) {
        int dice = random.nextInt(100);
        if (dice < 75) {
            long id = popularProduct(random);
            return reads.time(() -> productPage(sessions, id));
        } else if (dice < 85) {
            long category = 1 + random.nextInt(CATEGORIES);
            return reads.time(() -> categoryListing(sessions, category));
        } else if (dice < 90) {
            int band = random.nextInt(PRICE_BANDS);
            return reads.time(() -> priceSearch(sessions, band));
        } else if (dice < 97) {
            String sku = sku(popularProduct(random));
            return reads.time(() -> bySku(sessions, sku));
        }
        lastUpdated = popularProduct(random);
        update(sessions, lastUpdated, random);
        return null;
    }

    /** The product the last update changed (the two-node run reads it on the other node). */
    private long lastUpdated;

    /**
     * The same workload on two nodes of one Hazelcast cluster (in this process): reads alternate between the
     * nodes, and after each update the other node is read until it shows the new state, which measures how
     * long a write takes to reach the other node's near cache.
     */
    private Run runTwoNodes(String runName) {
        String cluster = "strata-example-" + ProcessHandle.current().pid();
        try (SessionFactory a = sessionFactory(runName, Caching.L2, runName, cluster, "create-drop");
             SessionFactory b = sessionFactory(runName, Caching.L2, runName, cluster, "none")) {
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
                String answer = operation(node, random, reads);
                if (answer != null) {
                    answers.add(answer);
                } else {
                    awaitVisible(node, other, lastUpdated);
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
            return new Run(answers, reads, statements, hits, misses, millis, null);
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

    /**
     * The 20 cheapest products of a price band, with their categories' names: the categories are lazy, so
     * Hibernate initialises them together, a batch of up to {@link #BATCH_FETCH_SIZE} ids in one statement.
     */
    private String priceSearch(SessionFactory sessions, int band) {
        BigDecimal low = BigDecimal.valueOf(1_000 + band * 50L, 2);
        BigDecimal high = low.add(BigDecimal.valueOf(5_000, 2));
        return sessions.fromSession(s -> {
            List<Product> list = s.createSelectionQuery(
                            "from Product p where p.price between :low and :high order by p.price, p.id",
                            Product.class)
                    .setParameter("low", low)
                    .setParameter("high", high)
                    .setCacheable(true)
                    .setMaxResults(20)
                    .getResultList();
            StringBuilder sb = new StringBuilder("b").append(band);
            for (Product p : list) {
                sb.append(',').append(p.getId()).append(':').append(p.getCategory().getName());
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

    private SessionFactory sessionFactory(String runName, Caching caching, String storeName, String cluster,
                                          String schemaAction) {
        Configuration cfg = new Configuration()
                .addAnnotatedClass(Category.class)
                .addAnnotatedClass(Product.class);
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        String url = options.databaseUrl(runName);
        if (caching == Caching.JDBC) {
            // jdbc:strata:<the real URL>; strata.* connection properties (hibernate.connection.* minus the
            // prefix) configure the driver's store
            url = "jdbc:strata:" + url.substring("jdbc:".length());
            settings.put("hibernate.connection.strata.store.name", storeName);
            settings.put("hibernate.connection.strata.defaults.ttl", "10m");
        }
        settings.put("hibernate.connection.url", url);
        settings.put("hibernate.connection.username", options.user());
        settings.put("hibernate.connection.password", options.password());
        settings.put("hibernate.hbm2ddl.auto", schemaAction);
        settings.put("hibernate.generate_statistics", "true");
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.default_batch_fetch_size", Integer.toString(BATCH_FETCH_SIZE));
        boolean l2 = caching == Caching.L2;
        settings.put("hibernate.cache.use_second_level_cache", Boolean.toString(l2));
        settings.put("hibernate.cache.use_query_cache", Boolean.toString(l2));
        if (l2) {
            settings.put("hibernate.cache.region.factory_class", "strata");
            settings.put("strata.store.name", storeName);
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

    /** Where two runs' answers first differ, for the report ("" when they do not). */
    private static String firstDifference(Run expected, Run actual) {
        List<String> a = expected.answers();
        List<String> b = actual.answers();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "; read " + (i + 1) + " differs: without cache '" + a.get(i) + "', with Strata '" + b.get(i)
                        + "'";
            }
        }
        return a.size() == b.size() ? "" : "; " + a.size() + " answers without cache, " + b.size() + " with Strata";
    }

    private static double ratio(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? 0.0 : (double) hits / total;
    }
}
