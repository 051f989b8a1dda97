package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Write-behind tables through the JDBC proxy: inserts acknowledged once queued (the database does not
 * have them yet), reads and changes of the table flush first, transactions hold rows until commit.
 * The queue's max delay is an hour, so a row reaches the database only through a flush.
 */
class WriteBehindTablesTest {
    private String url;
    private Connection direct;
    private StrataDataSource strata;

    @BeforeEach
    void setUp() throws SQLException {
        url = H2.newMemoryUrl("wb");
        direct = DriverManager.getConnection(url, "sa", "");
        try (Statement s = direct.createStatement()) {
            s.execute("CREATE TABLE page_view (id BIGINT PRIMARY KEY, url VARCHAR(100), ms INT)");
            s.execute("CREATE TABLE other (id INT PRIMARY KEY)");
        }
        UrlDataSource h2 = H2.dataSource(url);
        Properties settings = new Properties();
        settings.setProperty("strata.write-behind.tables", "page_view");
        settings.setProperty("strata.write-behind.max-delay", "1h");
        settings.setProperty("strata.write-behind.batch-size", "10000");
        strata = StrataDataSource.wrap(h2, settings);
    }

    @AfterEach
    void tearDown() throws SQLException {
        strata.close();
        try (Statement s = direct.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void executeUpdate_autoCommit_isAcknowledgedQueuedAndSeenByTheNextRead() throws SQLException {
        try (Connection c = strata.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO page_view (id, url, ms) VALUES (?, ?, ?)")) {
            insert.setLong(1, 1);
            insert.setString(2, "/home");
            insert.setInt(3, 12);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            assertThat(countDirect("page_view")).as("queued, not yet written").isZero();

            assertThat(countThrough(c, "page_view")).as("a read flushes first").isEqualTo(1);
            assertThat(countDirect("page_view")).isEqualTo(1);
        }
    }

    @Test
    void literalInsert_throughStatement_isQueuedToo() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'a', 1), (2, 'b', NULL)"))
                    .isEqualTo(2);
            assertThat(s.execute("INSERT INTO page_view (id, url, ms) VALUES (3, 'c', 3)")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(countDirect("page_view")).isZero();
            assertThat(countThrough(c, "page_view")).isEqualTo(3);
        }
    }

    @Test
    void executeBatch_prepared_queuesEveryRowAndAnswersOnePerRow() throws SQLException {
        try (Connection c = strata.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO page_view (id, url, ms) VALUES (?, ?, ?)")) {
            for (int i = 0; i < 100; i++) {
                insert.setLong(1, i);
                insert.setString(2, "/p/" + i);
                insert.setNull(3, java.sql.Types.INTEGER);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertThat(counts).hasSize(100).containsOnly(1);
            assertThat(countDirect("page_view")).isZero();
            assertThat(countThrough(c, "page_view")).isEqualTo(100);
        }
    }

    @Test
    void update_ofAWriteBehindTable_runsAfterTheQueuedRows() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (7, 'x', 1)");
            assertThat(s.executeUpdate("UPDATE page_view SET ms = 2 WHERE id = 7"))
                    .as("the queued row was written before the update ran").isEqualTo(1);
        }
    }

    @Test
    void transaction_rowsAreVisibleToItself_queuedAtCommit_droppedAtRollback() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'kept', 1)");
            assertThat(countThrough(c, "page_view")).as("the transaction sees its own row").isEqualTo(1);
            c.commit();
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (2, 'held', 1)");
            c.commit();
            assertThat(countDirect("page_view")).as("row 2 queued at commit, not yet written").isEqualTo(1);
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (3, 'dropped', 1)");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(countThrough(c, "page_view")).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT url FROM page_view ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("held");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void insertAskingForGeneratedKeys_andOtherTables_runOnTheDatabase() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'a', 1)", Statement.RETURN_GENERATED_KEYS);
            assertThat(countDirect("page_view")).isEqualTo(1);
            s.executeUpdate("INSERT INTO other (id) VALUES (1)");
            assertThat(countDirect("other")).isEqualTo(1);
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (2, LOWER('B'), 1)");
            assertThat(countDirect("page_view")).as("a function in VALUES is not queued").isEqualTo(2);
        }
    }

    @Test
    void close_flushesEveryQueuedRow() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 50; i++) {
                s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (" + i + ", 'u', 1)");
            }
        }
        assertThat(countDirect("page_view")).isZero();
        strata.close();
        assertThat(countDirect("page_view")).isEqualTo(50);
    }

    @Test
    void cachedAggregate_isInvalidatedByQueuedInserts() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            assertThat(countThrough(c, "page_view")).isZero();
            assertThat(countThrough(c, "page_view")).isZero(); // cached
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'a', 1)");
            assertThat(countThrough(c, "page_view")).isEqualTo(1);
        }
        assertThat(strata.statistics().hits()).isPositive();
    }

    @Test
    void driver_writeBehindTable_isQueuedAndFlushedOnRead() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "sa");
        props.setProperty("password", "");
        props.setProperty("strata.write-behind.tables", "page_view");
        props.setProperty("strata.write-behind.max-delay", "1h");
        props.setProperty("strata.store.name", "wb-driver-" + UUID.randomUUID());
        try (Connection c = DriverManager.getConnection("jdbc:strata:" + url.substring("jdbc:".length()), props);
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'a', 1)");
            assertThat(countDirect("page_view")).isZero();
            assertThat(countThrough(c, "page_view")).isEqualTo(1);
        }
    }

    @Test
    void readOfATableWhoseRowsCannotBeWritten_failsAfterTheFlushTimeout_andIsNotRun() throws SQLException {
        UrlDataSource h2 = H2.dataSource(url);
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "wb-timeout-" + UUID.randomUUID());
        settings.setProperty("strata.write-behind.tables", "page_view");
        settings.setProperty("strata.write-behind.max-delay", "1h");
        settings.setProperty("strata.write-behind.flush-timeout", "200ms");
        settings.setProperty("strata.write-behind.retry.initial-backoff", "10ms");
        settings.setProperty("strata.write-behind.retry.max-backoff", "50ms");
        try (StrataDataSource timingOut = StrataDataSource.wrap(h2, settings);
             Connection c = timingOut.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'queued', 1)")).isEqualTo(1);
            try (Statement d = direct.createStatement()) {
                // the queue's writes now fail with "table not found": a transient failure, retried until it passes
                d.execute("ALTER TABLE page_view RENAME TO page_view_away");
                d.execute("CREATE TABLE page_view (id BIGINT PRIMARY KEY)");
            }

            assertThatThrownBy(() -> countThrough(c, "page_view"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("strata.write-behind.flush-timeout")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08000"));

            try (Statement d = direct.createStatement()) {
                d.execute("DROP TABLE page_view");
                d.execute("ALTER TABLE page_view_away RENAME TO page_view");
            }
            // the queue keeps retrying the acknowledged row; once the database takes it, reads work again
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(countThrough(c, "page_view")).isEqualTo(1));
        }
        assertThat(countDirect("page_view")).isEqualTo(1);
    }

    private long countDirect(String table) throws SQLException {
        return countThrough(direct, table);
    }

    private static long countThrough(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
