package org.stratacache.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;
import org.stratacache.benchmarks.BenchPostgres;
import org.stratacache.jdbc.StrataDataSource;

/**
 * The invalidation bus's cost on a write, measured interleaved: the same one-row {@code UPDATE} as
 * {@link InvalidationWriteBenchmark}, in short blocks that take turns (driver alone, driver with a
 * {@code NOTIFY} in the commit's request, Strata without the bus, Strata with it) for many rounds in one JVM.
 *
 * <p>Why beside the JMH benchmark: a commit with fsync on waits for the disk, whose latency drifts by more
 * than the few per cent to be told apart over the minutes a JMH trial per contender takes; blocks of a few
 * hundred milliseconds in turn meet the same drift, so the median of the rounds' ratios keeps what the
 * contenders differ by. Bounded: {@code rounds × 4} blocks of {@code blockMillis}, then it stops.
 *
 * <p>{@code java -cp benchmarks.jar org.stratacache.benchmarks.jdbc.InterleavedWriteCost [transaction|auto]
 * [rounds] [blockMillis]}; needs {@code STRATA_PG_URL}.
 */
public final class InterleavedWriteCost {
    private InterleavedWriteCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean autoCommit = args.length > 0 && args[0].equals("auto");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        long blockNanos = (args.length > 2 ? Long.parseLong(args[2]) : 400) * 1_000_000L;
        PGSimpleDataSource pg = BenchPostgres.fromEnvironment("needs STRATA_PG_URL (eval \"$(.ci/pg start)\")");
        WriteCostTable table = WriteCostTable.create(pg, "bench_iw_");
        try (StrataDataSource off = strata(pg, "off"); StrataDataSource bus = strata(pg, "notify");
             Connection direct = pg.getConnection(); Connection throughOff = off.getConnection();
             Connection throughBus = bus.getConnection()) {
            Map<String, Writer> writers = new LinkedHashMap<>();
            writers.put("direct", new Writer(direct, table.update, autoCommit, null));
            writers.put("directNotify", new Writer(direct, table.update, autoCommit, table.floorNotify));
            writers.put("strataOff", new Writer(throughOff, table.update, autoCommit, null));
            writers.put("strataNotify", new Writer(throughBus, table.update, autoCommit, null));
            Map<String, List<Double>> micros = new LinkedHashMap<>();
            for (int round = -2; round < rounds; round++) { // two rounds of warm-up
                for (Map.Entry<String, Writer> w : writers.entrySet()) {
                    double us = w.getValue().block(blockNanos);
                    if (round >= 0) {
                        micros.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(us);
                    }
                }
            }
            System.out.printf("%s, %d rounds of %d ms blocks in turn%n", autoCommit ? "auto-commit" : "transaction",
                    rounds, blockNanos / 1_000_000);
            for (Map.Entry<String, List<Double>> e : micros.entrySet()) {
                List<Double> sorted = new ArrayList<>(e.getValue());
                sorted.sort(null);
                System.out.printf("  %-13s median %6.1f us  (p25 %6.1f, p75 %6.1f)%n", e.getKey(),
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() / 4),
                        sorted.get(3 * sorted.size() / 4));
            }
            ratio(micros, "strataNotify", "strataOff");
            ratio(micros, "directNotify", "direct");
            ratio(micros, "strataOff", "direct");
        } finally {
            table.drop(pg);
        }
    }

    private static StrataDataSource strata(PGSimpleDataSource pg, String mode) {
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "bench-iw-" + mode + "-" + UUID.randomUUID());
        settings.setProperty("strata.invalidation.mode", mode);
        return StrataDataSource.wrap(pg, settings);
    }

    /** The median over rounds of (baseline's time / contender's time): above 1, the contender is faster. */
    private static void ratio(Map<String, List<Double>> micros, String contender, String baseline) {
        List<Double> c = micros.get(contender);
        List<Double> b = micros.get(baseline);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            ratios.add(b.get(i) / c.get(i));
        }
        ratios.sort(null);
        System.out.printf("  %s vs %s: %.3fx (median of %d round ratios; p25 %.3f, p75 %.3f)%n", contender,
                baseline, ratios.get(ratios.size() / 2), ratios.size(), ratios.get(ratios.size() / 4),
                ratios.get(3 * ratios.size() / 4));
    }

    /** One contender: its connection and statement, and what it sends with the commit. */
    private static final class Writer {
        private final Connection connection;
        private final PreparedStatement update;
        private final boolean autoCommit;
        private final String notify;

        Writer(Connection connection, String sql, boolean autoCommit, String notify) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(autoCommit);
            this.update = connection.prepareStatement(sql);
            this.autoCommit = autoCommit;
            this.notify = notify;
        }

        /** Writes for {@code nanos}; the mean time per write in microseconds. */
        double block(long nanos) throws SQLException {
            long n = 0;
            long start = System.nanoTime();
            long end = start + nanos;
            long now;
            do {
                WriteCostTable.write(connection, update, autoCommit, notify);
                n++;
                now = System.nanoTime();
            } while (now < end);
            return (now - start) / 1000.0 / n;
        }
    }
}
