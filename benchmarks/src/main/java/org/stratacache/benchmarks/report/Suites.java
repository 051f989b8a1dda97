package org.stratacache.benchmarks.report;

import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Threads;

/** The suites of the report, in report order. */
final class Suites {
    private Suites() {
    }

    /** 1, 2 and all cores. */
    private static final List<Integer> SCALING = List.of(1, 2, Threads.MAX);

    static List<Suite> all() {
        List<Suite> suites = new java.util.ArrayList<>();
        for (String db : List.of("postgresql", "h2")) {
            for (String query : List.of("pk", "join", "rows100")) {
                // H2 answers in microseconds, so its suites show Strata's own cost: they run at 1, 2 and all cores
                // (one DataSource, a connection per thread); PostgreSQL's are database-bound and run on one thread
                suites.add(new Suite("JDBC " + db + " " + query + " query",
                        "jdbc\\.JdbcBenchmark\\.(direct|cached|missNoCache|missUnique|missUniqueStored|missUniqueSecondMiss"
                                + "|directUnique|directUniqueCaffeine)$", "\\.direct ",
                        Map.of("db", List.of(db), "query", List.of(query)), db.equals("h2") ? SCALING : List.of(1),
                        List.of(),
                        db.equals("postgresql")
                                ? "hit >= 50x faster than PostgreSQL direct; miss path <= 10% slower (ratio >= "
                                        + "0.91x): missNoCache vs direct, and the storing miss missUnique vs the same "
                                        + "unique-key query run directly (missUniqueSecondMiss: the same with "
                                        + "strata.jdbc.admission=second-miss)"
                                : "pk: hit >= 10x faster than H2 in-memory direct, with the fewest bytes per hit the "
                                        + "result allows; storing miss <= 1.3x the time of the same unique-key "
                                        + "query run directly (ratio >= 0.77x): missUniqueStored stores every "
                                        + "miss (first-miss admission, the region full and evicting), missUnique "
                                        + "is the default admission, which passes one-off queries through once "
                                        + "the region is full; directUniqueCaffeine (vs directUnique) is the "
                                        + "floor of any storing miss: the direct query looked up and stored in a "
                                        + "bare Caffeine cache of the same bound; pass-through missNoCache vs "
                                        + "direct shown for reference",
                        Map.of("missUnique", "\\.directUnique ", "directUniqueCaffeine", "\\.directUnique "),
                        Suite.Measure.CAREFUL));
            }
        }
        suites.addAll(List.of(
                new Suite("Hibernate find by id (L2 hit, new session)", "hibernate\\.HibernateFindBenchmark\\.",
                        "cache=jcache-default", Map.of(), 1,
                        "Strata >= 8x faster than hibernate-jcache + Ehcache default, and faster than no L2 cache; "
                                + "Strata <= 1.15x the time of floor (Hibernate's region support over a bare map)"),
                new Suite("Hibernate find by id, 1, 2 and all cores (one SessionFactory)",
                        "hibernate\\.HibernateFindBenchmark\\.", "cache=floor", Map.of(), SCALING, List.of(),
                        "Strata <= 1.15x the time of floor at every thread count", Map.of(), Suite.Measure.QUICK),
                new Suite("Hibernate find by id: distributed tier vs local, 1, 2 and all cores",
                        "hibernate\\.HibernateDistributedBenchmark\\.", "tier=strata-local", Map.of(), SCALING,
                        List.of(), "Strata distributed (near hit) <= 1.3x the time of Strata local; "
                                + "hazelcast-hibernate supports Hibernate only up to 6.5, so it cannot be measured on "
                                + "Hibernate 7", Map.of(), Suite.Measure.QUICK),
                new Suite("Near cache vs remote get", "distributed\\.DistributedReadBenchmark\\.",
                        "hazelcastRemoteGet", Map.of(), 1, "near-cache hit >= 100x faster than a remote get"),
                new Suite("Write-behind, PostgreSQL (fsync on)", "writebehind\\.WriteBehindBenchmark\\.",
                        "rowByRowAutoCommit", Map.of("db", List.of("postgresql")), 1,
                        "write-behind >= 25x row-by-row auto-commit and >= 0.8x a hand-written batch of 500; "
                                + "through the JDBC driver (jdbcColumnList, jdbcNoColumnList: INSERT with and "
                                + "without a column list) >= 25x row-by-row"),
                new Suite("Write-behind, H2 file", "writebehind\\.WriteBehindBenchmark\\.",
                        "rowByRowAutoCommit", Map.of("db", List.of("h2")), 1, ""),
                new Suite("Invalidation bus: write cost, auto-commit (PostgreSQL)",
                        "jdbc\\.InvalidationWriteBenchmark\\.", "strata commit=auto mode=off",
                        Map.of("commit", List.of("auto")), 1,
                        "a one-row UPDATE through Strata with the bus (mode=notify) <= 10% slower than without "
                                + "it (mode=off): ratio >= 0.91x; direct = the driver alone; directNotify (vs direct) "
                                + "= the driver alone notifying synchronously after each write, what the publisher "
                                + "thread spares the writer",
                        Map.of("directNotify", "\\.direct commit=auto mode=off"), Suite.Measure.CAREFUL),
                new Suite("Invalidation bus: write cost, transaction (PostgreSQL)",
                        "jdbc\\.InvalidationWriteBenchmark\\.", "strata commit=transaction mode=off",
                        Map.of("commit", List.of("transaction")), 1,
                        "as above, committed in an explicit transaction (the NOTIFY goes inside it, in the "
                                + "commit's request): ratio >= 0.91x; directNotify (vs direct) = the driver alone "
                                + "sending the same NOTIFY with its COMMIT: the floor of any notification delivered "
                                + "exactly at the commit",
                        Map.of("directNotify", "\\.direct commit=transaction mode=off"), Suite.Measure.CAREFUL),
                new Suite("SQL analysis of a new statement", "jdbc\\.AnalysisBenchmark\\.",
                        "analyseNewStatement levels=1$", Map.of(), 1,
                        "mean <= 500 us per distinct statement of ORM shape, 1-10 levels of nested predicates "
                                + "(levels=mixed); none above the analysis budget (strata.jdbc.analysis-budget)"),
                new Suite("Region hit, 1, 2 and all cores (one shared cache)", "core\\.RegionHitBenchmark\\.",
                        "cache=caffeine entries", Map.of(), SCALING, List.of("entries"),
                        "Strata (local tier, by reference) within 1.5x Caffeine's time at 1 thread and at all cores, "
                                + "1k and 1M entries; 0 bytes allocated per hit", Map.of(), Suite.Measure.QUICK),
                new Suite("Read-through", "core\\.RegionBenchmark\\.", "readThroughMiss storeBy=reference",
                        Map.of("storeBy", List.of("reference")), 1, "")));
        return suites;
    }
}
