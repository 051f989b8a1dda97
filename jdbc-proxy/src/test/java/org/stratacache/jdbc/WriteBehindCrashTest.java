package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.testsupport.Postgres;

/**
 * Issue 16: a JVM that acknowledged inserts into a write-behind table in journal mode is killed with SIGKILL; a
 * new JVM with the same configuration that only reads the table must see every acknowledged row, once. Before
 * the fix the journal was replayed only when the next insert into that table opened its queue, so a reader saw
 * (and the database kept) none of the rows the crash left queued.
 *
 * <p>The child ({@link WriteBehindCrashChild}) writes through {@code jdbc:strata:…}; its batches go out by size
 * only (500, max delay one hour), so after 20,001 rows at least the last one is only in the journal, and the
 * journal segment still holds the rows already committed: the replay must skip those rather than insert them
 * twice.
 */
class WriteBehindCrashTest {
    private static final int ROWS = 20_001;

    @TempDir
    Path dir;

    @Test
    void kill9_thenARestartThatOnlyReads_seesEveryAcknowledgedRowOnce_onPostgres() throws Exception {
        DataSource pg = Postgres.connectOrSkip();
        String table = "wb_crash_" + Long.toHexString(System.nanoTime());
        Databases.exec(pg, "create table " + table + " (id bigint primary key, slice int not null, payload text)");
        try {
            crashAndRestart(pg, System.getenv("STRATA_PG_URL"), Databases.envOr("STRATA_PG_USER", "postgres"),
                    Databases.envOr("STRATA_PG_PASSWORD", ""), table);
        } finally {
            Databases.exec(pg, "drop table if exists " + table);
        }
    }

    @Test
    void kill9_thenARestartThatOnlyReads_seesEveryAcknowledgedRowOnce_onH2OverTcp() throws Exception {
        try (H2Server h2 = new H2Server(dir.resolve("db"))) {
            Databases.exec(h2.dataSource(), "CREATE TABLE wb_crash (id BIGINT PRIMARY KEY, slice INT NOT NULL, "
                    + "payload VARCHAR(40))");
            crashAndRestart(h2.dataSource(), h2.url(), "sa", "", "wb_crash");
        }
    }

    private void crashAndRestart(DataSource raw, String realUrl, String user, String password, String table)
            throws Exception {
        Properties strata = new Properties();
        strata.setProperty("strata.store.name", "crash-" + UUID.randomUUID());
        strata.setProperty("strata.write-behind.tables", table);
        strata.setProperty("strata.write-behind.journal.dir", dir.resolve("journal").toString());
        strata.setProperty("strata.write-behind.journal.fsync", "interval"); // survives kill -9
        strata.setProperty("strata.write-behind.batch-size", "500");
        strata.setProperty("strata.write-behind.max-delay", "1h");

        Process child = startChild("jdbc:strata:" + realUrl.substring("jdbc:".length()), user, password, table,
                strata);
        try {
            assertThat(awaitLine(child, "ACKED " + ROWS)).isEqualTo("ACKED " + ROWS);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        long committedBeforeRestart = count(raw, "SELECT COUNT(*) FROM " + table);
        assertThat(committedBeforeRestart).as("the crash left acknowledged rows only in the journal")
                .isLessThan(ROWS);

        List<Long> seen = new ArrayList<>();
        Map<String, Long> replayed;
        try (StrataDataSource restarted = StrataDataSource.wrap(raw, strata);
             Connection c = restarted.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                seen.add(rs.getLong(1));
            }
            replayed = restarted.statistics().writeBehindReplayed();
        }
        assertExactlyTheAcknowledgedIds(seen, "the read through Strata after the restart");
        assertExactlyTheAcknowledgedIds(ids(raw, table), "the database");
        assertThat(replayed).as("rows replayed from the journal").containsOnlyKeys(table);
        assertThat(replayed.get(table)).isBetween(ROWS - committedBeforeRestart, (long) ROWS);
        try (var files = Files.walk(dir.resolve("journal"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".wbj"))).as("journal segments left").isEmpty();
        }
        System.out.println("write-behind crash " + table + ": committed before restart " + committedBeforeRestart
                + ", replayed " + replayed);
    }

    /** Ids 1..ROWS, each once; a failure names what is missing or doubled rather than printing 20,001 ids. */
    private static void assertExactlyTheAcknowledgedIds(List<Long> ids, String where) {
        Set<Long> distinct = new TreeSet<>(ids);
        List<Long> missing = LongStream.rangeClosed(1, ROWS).filter(id -> !distinct.contains(id)).boxed().toList();
        assertThat(missing).as(where + ": acknowledged ids missing (" + missing.size() + ")").isEmpty();
        assertThat(ids).as(where + ": every id once, none other").hasSize(ROWS).hasSameSizeAs(distinct);
        assertThat(distinct.stream().mapToLong(Long::longValue).max().orElse(0)).isEqualTo(ROWS);
    }

    private Process startChild(String url, String user, String password, String table, Properties strata)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xmx256m");
        command.add("-Dchild.user=" + user);
        command.add("-Dchild.password=" + password);
        strata.forEach((k, v) -> command.add("-Dchild." + k + "=" + v));
        command.add(WriteBehindCrashChild.class.getName());
        command.add(url);
        command.add(table);
        command.add(String.valueOf(ROWS));
        return new ProcessBuilder(command).redirectError(dir.resolve("child-stderr.txt").toFile()).start();
    }

    /** Reads the child's output until {@code line}; fails when the child exits first or after a bounded wait. */
    private String awaitLine(Process child, String line) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.equals(line)) {
                        return l;
                    }
                }
                return "child exited: " + Files.readString(dir.resolve("child-stderr.txt"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return found.get(180, TimeUnit.SECONDS);
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> ids(DataSource ds, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
