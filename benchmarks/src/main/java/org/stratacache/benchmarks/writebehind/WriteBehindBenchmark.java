package org.stratacache.benchmarks.writebehind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.stratacache.benchmarks.BenchPostgres;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.DeadLetterSink;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindSettings;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.jdbc.StrataDataSource;

/**
 * Rows per second until durable (committed), the same rows into the same table, three ways side by side:
 * <ul>
 *   <li>{@code rowByRowAutoCommit}: one {@code INSERT} per row in auto-commit mode;</li>
 *   <li>{@code handWrittenBatch500}: a JDBC batch of 500 {@code INSERT}s per commit;</li>
 *   <li>{@code writeBehindAppend} / {@code writeBehindUpsert}: Strata's write-behind queue (batch size 500)
 *       with its JDBC table writer in plain-insert and upsert mode; each invocation queues the rows and then
 *       {@code flush()}es, so the figure counts rows committed, not rows queued;</li>
 *   <li>{@code writeBehindJournaledUpsert}: the same in journal mode (fsync per group of 500
 *       acknowledgements);</li>
 *   <li>{@code jdbcColumnList} / {@code jdbcNoColumnList}: what an application gets through
 *       {@code StrataDataSource} with the table in {@code strata.write-behind.tables}: one auto-commit
 *       {@code executeUpdate} per row, {@code INSERT INTO t (id, payload, n) VALUES (?, ?, ?)} and
 *       {@code INSERT INTO t VALUES (?, ?, ?)}, then a {@code SELECT count(*)} of the table through Strata,
 *       which flushes the queue first, so again rows committed are counted;</li>
 *   <li>{@code jdbcJournaledColumnList}: the same with {@code strata.write-behind.journal.dir} set
 *       ({@code fsync=interval}: each row acknowledged once in the journal, which survives a JVM kill).</li>
 * </ul>
 * Databases: an H2 file database, and PostgreSQL when {@code STRATA_PG_URL} is set (the postgresql
 * parameter fails in setup with a message otherwise; run with {@code -p db=h2} to leave it out).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteBehindBenchmark {
    static final int ROWS = 5_000;
    private static final String TABLE = "wb_bench";
    private static final String INSERT = "INSERT INTO " + TABLE + " (id, payload, n) VALUES (?, ?, ?)";
    private static final List<String> COLUMNS = List.of("id", "payload", "n");

    @Param({"h2", "postgresql"})
    public String db;

    private DataSource dataSource;
    private Path h2Dir;
    private long nextId;
    private WriteBehind<List<?>, TableRow> appendQueue;
    private WriteBehind<List<?>, TableRow> upsertQueue;
    private WriteBehind<List<?>, TableRow> journaledQueue;
    private Path journalDir;
    private Connection autoCommit;
    private Connection batching;
    private StrataDataSource strata;
    private StrataDataSource strataJournaled;
    private Path strataJournalDir;
    private Connection strataConnection;
    private Connection strataJournaledConnection;

    @Setup(Level.Trial)
    public void open() throws Exception {
        if (db.equals("h2")) {
            h2Dir = Files.createTempDirectory("strata-wb-bench");
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + h2Dir.resolve("bench") + ";DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            dataSource = h2;
        } else {
            dataSource = BenchPostgres.fromEnvironment("db=postgresql needs STRATA_PG_URL (eval \"$(.ci/pg start)\"); "
                    + "run with -p db=h2 to measure H2 only");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, payload VARCHAR(64), n INT)");
        }
        WriteBehindSettings settings = WriteBehindSettings.defaults().toBuilder().batchSize(500)
                .maxDelay(Duration.ofMillis(50)).capacity(100_000).build();
        appendQueue = new WriteBehindQueue<>("bench-append",
                JdbcTableWriter.builder(dataSource, TABLE).appendOnly().build(), settings, DeadLetterSink.logging(), null);
        upsertQueue = new WriteBehindQueue<>("bench-upsert",
                JdbcTableWriter.builder(dataSource, TABLE).upsert("id").build(), settings, DeadLetterSink.logging(), null);
        journalDir = Files.createTempDirectory("strata-wb-journal");
        journaledQueue = new WriteBehindQueue<>("bench-journaled",
                JdbcTableWriter.builder(dataSource, TABLE).upsert("id").build(),
                settings.toBuilder().journalDir(journalDir).build(), DeadLetterSink.logging(), null);
        autoCommit = dataSource.getConnection();
        batching = dataSource.getConnection();
        batching.setAutoCommit(false);
        strata = StrataDataSource.wrap(dataSource, strataSettings(null));
        strataConnection = strata.getConnection();
        strataJournalDir = Files.createTempDirectory("strata-wb-jdbc-journal");
        strataJournaled = StrataDataSource.wrap(dataSource, strataSettings(strataJournalDir));
        strataJournaledConnection = strataJournaled.getConnection();
    }

    /** The driver's write-behind settings: batches of 500 as above, a journal in {@code journal} when given. */
    private static Properties strataSettings(Path journal) {
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "bench-wb-" + UUID.randomUUID());
        settings.setProperty("strata.invalidation.mode", "off");
        settings.setProperty("strata.write-behind.tables", TABLE);
        settings.setProperty("strata.write-behind.batch-size", "500");
        settings.setProperty("strata.write-behind.max-delay", "50ms");
        if (journal != null) {
            settings.setProperty("strata.write-behind.journal.dir", journal.toString());
            settings.setProperty("strata.write-behind.journal.fsync", "interval");
        }
        return settings;
    }

    @Setup(Level.Iteration)
    public void emptyTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE " + TABLE);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        appendQueue.close();
        upsertQueue.close();
        journaledQueue.close();
        delete(journalDir);
        strataConnection.close();
        strata.close();
        strataJournaledConnection.close();
        strataJournaled.close();
        delete(strataJournalDir);
        autoCommit.close();
        batching.close();
        if (h2Dir != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            delete(h2Dir);
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void rowByRowAutoCommit() throws SQLException {
        try (PreparedStatement ps = autoCommit.prepareStatement(INSERT)) {
            for (int i = 0; i < ROWS; i++) {
                bind(ps, nextId++);
                ps.executeUpdate();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void handWrittenBatch500() throws SQLException {
        try (PreparedStatement ps = batching.prepareStatement(INSERT)) {
            for (int i = 0; i < ROWS; i++) {
                bind(ps, nextId++);
                ps.addBatch();
                if ((i + 1) % 500 == 0) {
                    ps.executeBatch();
                    batching.commit();
                }
            }
            ps.executeBatch();
            batching.commit();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void writeBehindAppend() throws InterruptedException {
        queueAndFlush(appendQueue);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void writeBehindUpsert() throws InterruptedException {
        queueAndFlush(upsertQueue);
    }

    /**
     * Journal mode (fsync per group): rows are acknowledged in groups of 500 with {@code putAll} (one journal
     * write and fsync per group), then flushed into the database.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void writeBehindJournaledUpsert() throws InterruptedException {
        java.util.Map<List<?>, TableRow> group = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ROWS; i++) {
            long id = nextId++;
            group.put(List.of(id), TableRow.of(COLUMNS, List.of(id, "payload-" + id, (int) (id % 1000))));
            if (group.size() == 500) {
                journaledQueue.putAll(group);
                group.clear();
            }
        }
        journaledQueue.putAll(group);
        journaledQueue.flush();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long jdbcColumnList() throws SQLException {
        return insertThroughStrata(strataConnection, INSERT);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long jdbcNoColumnList() throws SQLException {
        return insertThroughStrata(strataConnection, "INSERT INTO " + TABLE + " VALUES (?, ?, ?)");
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long jdbcJournaledColumnList() throws SQLException {
        return insertThroughStrata(strataJournaledConnection, INSERT);
    }

    private long insertThroughStrata(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < ROWS; i++) {
                bind(ps, nextId++);
                ps.executeUpdate();
            }
        }
        try (Statement s = connection.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void queueAndFlush(WriteBehind<List<?>, TableRow> queue) throws InterruptedException {
        for (int i = 0; i < ROWS; i++) {
            long id = nextId++;
            queue.put(List.of(id), TableRow.of(COLUMNS, List.of(id, "payload-" + id, (int) (id % 1000))));
        }
        queue.flush();
    }

    private static void bind(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, "payload-" + id);
        ps.setInt(3, (int) (id % 1000));
    }
}
