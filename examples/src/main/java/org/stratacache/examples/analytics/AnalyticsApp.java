package org.stratacache.examples.analytics;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Latencies;
import org.stratacache.examples.support.Report;

/**
 * Real-time analytics: metric events ingested at a high rate into a write-behind table through the
 * {@code jdbc:strata:} driver, and dashboard aggregates read through the query cache.
 *
 * <p>With {@code strata.write-behind.tables=metric_event}, each {@code INSERT … VALUES} on that table is
 * acknowledged once queued and written in batches; a read of the table flushes the queue first, so the
 * aggregates always count every acknowledged event. Inserts invalidate the cached aggregates. The run
 * without Strata inserts row by row with auto-commit, as an application would without it.
 */
public final class AnalyticsApp {
    static final String AGGREGATE = "SELECT metric, COUNT(*), SUM(amount) FROM metric_event GROUP BY metric "
            + "ORDER BY metric";
    static final int METRICS = 8;

    private final ExampleOptions options;
    private final PrintStream out;

    public AnalyticsApp(ExampleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    record Run(List<String> answers, Latencies reads, long events, long stored, long ingestNanos, long millis) {
        double rowsPerSecond() {
            return ingestNanos == 0 ? 0 : events * 1e9 / ingestNanos;
        }
    }

    public Report run() throws SQLException {
        out.printf("analytics: %d events per run, dashboards read between bursts%n", options.operations());
        if (options.distributed()) {
            // A write-behind queue lives in the JVM that acknowledged the rows; another node sees them once
            // they are written (max-delay), so a two-node run would compare different things.
            out.println("analytics: --distributed does not apply (write-behind queues are per JVM); one node");
        }
        Run plain = runOnce("analytics-plain", false);
        Run cached = runOnce("analytics-strata", true);
        Report report = new Report("Real-time analytics (JDBC write-behind + query cache)")
                .row("events ingested", plain.events(), cached.events())
                .row("events in the database", plain.stored(), cached.stored())
                .row("ingest rows/s", plain.rowsPerSecond(), cached.rowsPerSecond())
                .row("dashboard reads", (long) plain.reads().count(), (long) cached.reads().count())
                .row("dashboard p50 (µs)", plain.reads().percentileMicros(50), cached.reads().percentileMicros(50))
                .row("dashboard p99 (µs)", plain.reads().percentileMicros(99), cached.reads().percentileMicros(99))
                .row("wall time (ms)", plain.millis(), cached.millis());
        report.correctness(plain.stored() == plain.events() && cached.stored() == cached.events(),
                "no event lost (" + cached.stored() + " of " + cached.events() + " stored)");
        report.correctness(plain.answers().equals(cached.answers()),
                plain.answers().size() + " dashboard reads answered identically with and without Strata");
        return report;
    }

    private Run runOnce(String runName, boolean strata) throws SQLException {
        String url = options.databaseUrl(runName);
        Properties props = new Properties();
        props.setProperty("user", options.user());
        props.setProperty("password", options.password());
        if (strata) {
            url = "jdbc:strata:" + url.substring("jdbc:".length());
            props.setProperty("strata.store.name", runName);
            props.setProperty("strata.write-behind.tables", "metric_event");
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS metric_event");
                s.execute("CREATE TABLE metric_event (id BIGINT PRIMARY KEY, metric VARCHAR(32) NOT NULL, "
                        + "amount BIGINT NOT NULL)");
            }
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> answers = new ArrayList<>();
            Latencies reads = new Latencies();
            int burst = 500;
            long events = 0;
            long ingestNanos = 0;
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO metric_event (id, metric, amount) VALUES (?, ?, ?)")) {
                while (events < options.operations()) {
                    long burstStart = System.nanoTime();
                    for (int i = 0; i < burst && events < options.operations(); i++) {
                        insert.setLong(1, ++events);
                        insert.setString(2, "metric-" + random.nextInt(METRICS));
                        insert.setLong(3, random.nextInt(1_000));
                        insert.executeUpdate();
                    }
                    ingestNanos += System.nanoTime() - burstStart;
                    for (int d = 0; d < 10; d++) {
                        answers.add(timed(reads, () -> aggregate(c)));
                    }
                    if (events % Math.max(burst, options.operations() / 4 / burst * burst) == 0) {
                        out.printf("  %s: %,d / %,d events%n", runName, events, options.operations());
                    }
                }
            }
            long stored;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM metric_event")) {
                rs.next();
                stored = rs.getLong(1);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(answers, reads, events, stored, ingestNanos, millis);
        }
    }

    private String aggregate(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(AGGREGATE)) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1)).append('=').append(rs.getLong(2)).append('/').append(rs.getLong(3)).append(';');
            }
            return sb.toString();
        }
    }

    @FunctionalInterface
    interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    private static <T> T timed(Latencies latencies, SqlSupplier<T> op) throws SQLException {
        long begin = System.nanoTime();
        T result = op.get();
        latencies.record(System.nanoTime() - begin);
        return result;
    }
}
