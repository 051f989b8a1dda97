package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/**
 * The journals an earlier run left are written before the first connection is handed out: also a journal of a
 * table no longer configured, and when they cannot be written no connection is handed out until they are.
 */
class WriteBehindJournalReplayTest {
    @TempDir
    Path dir;

    @Test
    void journalOfATableNoLongerConfigured_isWrittenBeforeTheFirstConnection_orNoConnectionIsHandedOut()
            throws Exception {
        UrlDataSource h2 = H2.newMemory("jdbc");
        Databases.exec(h2, "CREATE TABLE page_view (id BIGINT PRIMARY KEY, url VARCHAR(100))");
        leaveRowsInTheJournal(h2);
        assertThat(count(h2)).isZero();

        Databases.exec(h2, "ALTER TABLE page_view RENAME TO page_view_away");
        try (StrataDataSource unconfigured = StrataDataSource.wrap(h2, settings(""))) {
            assertThatThrownBy(unconfigured::getConnection)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("could not be written")
                    .hasMessageContaining(dir.resolve("journal").toString())
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08000"));

            Databases.exec(h2, "ALTER TABLE page_view_away RENAME TO page_view");
            try (Connection c = unconfigured.getConnection()) {
                assertThat(count(c)).as("written before the connection was handed out").isEqualTo(3);
            }
            assertThat(unconfigured.statistics().writeBehindReplayed()).containsExactly(
                    java.util.Map.entry("page_view", 3L));
        }
        assertThat(count(h2)).isEqualTo(3);
        try (var files = Files.walk(dir.resolve("journal"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".wbj"))).isEmpty();
        }
    }

    @Test
    void noJournal_nothingReplayed() throws Exception {
        UrlDataSource h2 = H2.newMemory("jdbc");
        Databases.exec(h2, "CREATE TABLE page_view (id BIGINT PRIMARY KEY, url VARCHAR(100))");
        try (StrataDataSource ds = StrataDataSource.wrap(h2, settings("page_view"));
             Connection c = ds.getConnection()) {
            assertThat(count(c)).isZero();
            assertThat(ds.statistics().writeBehindReplayed()).isEmpty();
        }
    }

    /** Three acknowledged rows that a close could not write (the table was away): they stay in the journal. */
    private void leaveRowsInTheJournal(UrlDataSource h2) throws SQLException {
        try (StrataDataSource first = StrataDataSource.wrap(h2, settings("page_view"));
             Connection c = first.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view (id, url) VALUES (1, 'a'), (2, 'b')");
            s.executeUpdate("INSERT INTO page_view (id, url) VALUES (3, 'c')");
            Databases.exec(h2, "ALTER TABLE page_view RENAME TO page_view_away");
        }
        Databases.exec(h2, "ALTER TABLE page_view_away RENAME TO page_view");
    }

    private Properties settings(String tables) {
        Properties p = Databases.settings(
                "strata.write-behind.tables", tables,
                "strata.write-behind.journal.dir", dir.resolve("journal").toString(),
                "strata.write-behind.max-delay", "1h",
                "strata.write-behind.flush-timeout", "300ms",
                "strata.write-behind.close-timeout", "300ms",
                "strata.write-behind.retry.initial-backoff", "10ms",
                "strata.write-behind.retry.max-backoff", "50ms");
        p.setProperty("strata.store.name", "replay-" + UUID.randomUUID());
        return p;
    }

    private static long count(UrlDataSource h2) throws SQLException {
        try (Connection c = h2.getConnection()) {
            return count(c);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM page_view")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
