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
import java.util.ArrayList;
import java.util.List;
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
    void insertWithoutColumnList_isQueuedInTheTablesColumnOrder_singleAndMultiRow() throws SQLException {
        try (Connection c = strata.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO page_view VALUES (?, ?, ?)");
             Statement s = c.createStatement()) {
            insert.setLong(1, 1);
            insert.setString(2, "/one");
            insert.setInt(3, 11);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            for (int i = 2; i <= 3; i++) {
                insert.setLong(1, i);
                insert.setString(2, "/b" + i);
                insert.setNull(3, java.sql.Types.INTEGER);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsExactly(1, 1);
            assertThat(s.executeUpdate("INSERT INTO page_view VALUES (4, 'four', 44), (5, 'five', NULL)")).isEqualTo(2);
            assertThat(countDirect("page_view")).as("all queued").isZero();

            assertThat(rowsThrough(c)).containsExactly("1 /one 11", "2 /b2 null", "3 /b3 null", "4 four 44",
                    "5 five null");
        }
        assertThat(strata.statistics().writeBehindNotQueued()).isEmpty();
    }

    @Test
    void insertWithoutColumnList_afterDdlThroughStrata_usesTheNewColumnOrder() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view VALUES (1, 'a', 1)"); // reads and caches the column order
            s.execute("ALTER TABLE page_view DROP COLUMN url");
            s.execute("ALTER TABLE page_view ADD COLUMN url VARCHAR(100)"); // now id, ms, url
            assertThat(s.executeUpdate("INSERT INTO page_view VALUES (2, 22, 'b')")).isEqualTo(1);
            assertThat(countDirect("page_view")).as("queued in the new order").isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT id, ms, url FROM page_view ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).as("the column dropped lost its value").isNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).isEqualTo(22);
                assertThat(rs.getString(3)).isEqualTo("b");
            }
        }
        assertThat(strata.statistics().writeBehindNotQueued())
                .as("DDL names no written table: it flushes every queue, counted nowhere").isEmpty();
    }

    @Test
    void statementsNotQueued_areCountedByReason() throws SQLException {
        try (Connection c = strata.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (1, 'a', 1)");
            s.executeUpdate("UPDATE page_view SET ms = 2 WHERE id = 1");
            s.executeUpdate("DELETE FROM page_view WHERE id = 1");
            s.executeUpdate("INSERT INTO page_view (id, url, ms) SELECT id, 'x', 0 FROM other");
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (2, LOWER('B'), 1)");
            s.executeUpdate("INSERT INTO page_view (id, url, ms) VALUES (3, 'c', 1)", Statement.RETURN_GENERATED_KEYS);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO page_view VALUES (4, 'd')"))
                    .as("two values for three columns: the database says so").isInstanceOf(SQLException.class);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO page_view (id, url, ms) VALUES (?, ?, ?)")) {
                ps.setLong(1, 5);
                ps.setCharacterStream(2, new java.io.StringReader("streamed"));
                ps.setInt(3, 1);
                ps.executeUpdate();
            }
            s.executeUpdate("INSERT INTO other (id) VALUES (1)");
            s.executeUpdate("UPDATE other SET id = 2");
            assertThat(countThrough(c, "page_view")).as("rows 2, 3 and 5").isEqualTo(3);
        }
        JdbcStats stats = strata.statistics();
        assertThat(stats.writeBehindNotQueued()).containsOnlyKeys(NotQueuedReason.NOT_AN_INSERT,
                NotQueuedReason.INSERT_NOT_VALUES, NotQueuedReason.UNSUPPORTED_VALUE, NotQueuedReason.GENERATED_KEYS,
                NotQueuedReason.COLUMNS_UNKNOWN, NotQueuedReason.PARAMETER_NOT_CAPTURABLE);
        assertThat(stats.notQueued(NotQueuedReason.NOT_AN_INSERT)).as("update and delete, not the other table")
                .isEqualTo(2);
        assertThat(stats.notQueued(NotQueuedReason.INSERT_NOT_VALUES)).isEqualTo(1);
        assertThat(stats.notQueued(NotQueuedReason.QUEUE_FULL)).isZero();
    }

    @Test
    void fullQueue_insertsDirectly_andCountsIt() throws SQLException {
        UrlDataSource h2 = H2.dataSource(url);
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "wb-full-" + UUID.randomUUID());
        settings.setProperty("strata.write-behind.tables", "page_view");
        settings.setProperty("strata.write-behind.max-delay", "1h");
        settings.setProperty("strata.write-behind.batch-size", "100");
        settings.setProperty("strata.write-behind.queue-capacity", "1");
        settings.setProperty("strata.write-behind.offer-timeout", "0s");
        try (StrataDataSource small = StrataDataSource.wrap(h2, settings);
             Connection c = small.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO page_view VALUES (1, 'queued', 1)");
            s.executeUpdate("INSERT INTO page_view VALUES (2, 'direct', 1)");
            assertThat(countDirect("page_view")).isEqualTo(1);
            assertThat(small.statistics().notQueued(NotQueuedReason.QUEUE_FULL)).isEqualTo(1);
            assertThat(countThrough(c, "page_view")).isEqualTo(2);
        }
    }

    private static List<String> rowsThrough(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, url, ms FROM page_view ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getObject(3));
            }
        }
        return rows;
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
