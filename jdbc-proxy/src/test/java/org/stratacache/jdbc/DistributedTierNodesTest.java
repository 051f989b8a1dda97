package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.TestCluster;

/**
 * Two {@link StrataDataSource}s ("nodes"), each with its own region store and embedded Hazelcast member on
 * {@code strata.tier=distributed}, joined into one cluster on loopback, over one shared H2 database.
 *
 * <h2>What holds across nodes</h2>
 * A write invalidates its tables' tags in the cluster's tag map before the statement (auto-commit) or the
 * commit returns. The writing node's own mirror of that map is raised at once, so the writer never reads
 * its own write stale. Every other node learns the new versions from the map's entry events: a result it
 * cached before the write is served until that event arrives — the cross-node staleness window, measured
 * here (milliseconds on loopback). After that, every read sees the write; a result cached from a read that
 * raced the write is never stored, because tags are captured before the query runs.
 */
class DistributedTierNodesTest {
    private static final TestCluster CLUSTER = TestCluster.unique("jdbc", 4);
    private static final String QUERY = "select id, name from item order by id";

    private static DataSource database;
    private static StrataDataSource nodeA;
    private static StrataDataSource nodeB;

    @BeforeAll
    static void startNodes() throws SQLException {
        database = H2.newMemory("jdbc");
        nodeA = StrataDataSource.wrap(database, memberSettings());
        nodeB = StrataDataSource.wrap(database, memberSettings());
        HazelcastMembers.awaitClusterSize(tierOf(nodeA).hazelcastInstance(), 2, Duration.ofSeconds(30));
        HazelcastMembers.awaitClusterSize(tierOf(nodeB).hazelcastInstance(), 2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopNodes() {
        for (StrataDataSource node : new StrataDataSource[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @BeforeEach
    void freshTable() throws SQLException {
        Databases.exec(nodeA, "drop table if exists item", "create table item(id int primary key, name varchar(40))",
                "insert into item values (1, 'one'), (2, 'two')");
        settle(QUERY, "1:one", "2:two");
    }

    /**
     * Waits until B has caught up with A's last writes (earlier tests and the setup write too) and serves
     * {@code sql} from its cache: B's result is fresh and a second read is a hit.
     */
    private static void settle(String sql, String... expected) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
            if (!rows(nodeB, sql).equals(List.of(expected))) {
                return false;
            }
            long hits = nodeB.statistics().hits();
            return rows(nodeB, sql).equals(List.of(expected)) && nodeB.statistics().hits() == hits + 1;
        });
    }

    @Test
    void cachedQueryOnB_isFreshAfterAnAutoCommitInsertOnA() throws SQLException {
        assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two");
        long hits = nodeB.statistics().hits();
        assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two");
        assertThat(nodeB.statistics().hits()).as("B serves the query from the cache").isEqualTo(hits + 1);

        Databases.exec(nodeA, "insert into item values (3, 'three')");

        assertThat(rows(nodeA, QUERY)).as("the writer never reads its own write stale")
                .containsExactly("1:one", "2:two", "3:three");
        awaitRows(nodeB, QUERY, "1:one", "2:two", "3:three");
        assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two", "3:three");
    }

    @Test
    void cachedQueryOnB_isFreshAfterACommittedTransactionOnA() throws SQLException {
        assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two");
        assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two");

        try (Connection c = nodeA.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update item set name = 'uno' where id = 1");
                s.executeUpdate("delete from item where id = 2");
            }
            // Not committed yet: B still reads the committed rows (H2 reads committed data).
            assertThat(rows(nodeB, QUERY)).containsExactly("1:one", "2:two");
            c.commit();
        }

        assertThat(rows(nodeA, QUERY)).containsExactly("1:uno");
        awaitRows(nodeB, QUERY, "1:uno");
        for (int i = 0; i < 20; i++) {
            assertThat(rows(nodeB, QUERY)).as("once seen, the write stays seen").containsExactly("1:uno");
        }
    }

    @Test
    void queryCachedOnA_isServedOnBFromTheCluster_withEqualValues() throws SQLException {
        Databases.exec(nodeA, "create table if not exists typed(id int primary key, amount decimal(12,2), "
                        + "born date, seen timestamp, flag boolean, data varbinary(8), code uuid, label varchar(20))",
                "delete from typed",
                "insert into typed values (1, 12.50, date '2024-02-29', timestamp '2024-03-01 10:15:30.25', "
                        + "true, X'0102ff', '123e4567-e89b-12d3-a456-426614174000', 'x'), "
                        + "(2, null, null, null, null, null, null, null)");
        String sql = "select id, amount, born, seen, flag, data, code, label from typed order by id";
        List<List<Object>> onA = new ArrayList<>();
        List<List<Object>> onB = new ArrayList<>();
        // Until B has received the tag versions raised by the setup writes, it cannot trust A's entry.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
            nodeA.regionStore().region("jdbc-query-results").invalidateAll();
            onA.clear();
            onA.addAll(typedRows(nodeA, sql)); // a miss on A: A caches its result in the cluster
            long hitsOnB = nodeB.statistics().hits();
            onB.clear();
            onB.addAll(typedRows(nodeB, sql));
            return nodeB.statistics().hits() == hitsOnB + 1; // B served A's entry from the cluster
        });

        assertThat(onB).isEqualTo(onA);
        assertThat(onB.get(0)).containsExactly(1, new BigDecimal("12.50"), LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 3, 1, 10, 15, 30, 250_000_000), true, List.of((byte) 1, (byte) 2, (byte) -1),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "x");
        assertThat(nodeA.statistics().strataFailures()).isZero();
        assertThat(nodeB.statistics().strataFailures()).isZero();
    }

    @Test
    void staleWindowOnB_afterWritesOnA_isMeasuredAndBounded() throws SQLException {
        String sql = "select name from item where id = 1";
        int writes = 50;
        long[] windowsNanos = new long[writes];
        for (int i = 0; i < writes; i++) {
            String expected = "v" + i;
            rows(nodeB, sql);
            rows(nodeB, sql); // cached on B before the write
            Databases.exec(nodeA, "update item set name = '" + expected + "' where id = 1");
            long written = System.nanoTime();
            long[] seen = new long[1];
            await().atMost(Duration.ofSeconds(5)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofNanos(100_000))
                    .until(() -> {
                        boolean fresh = rows(nodeB, sql).equals(List.of(expected));
                        seen[0] = System.nanoTime();
                        return fresh;
                    });
            windowsNanos[i] = seen[0] - written;
        }
        Arrays.sort(windowsNanos);
        System.out.printf("JDBC cross-node staleness window over %d auto-commit writes (A writes, B reads its "
                        + "cached result): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", writes,
                windowsNanos[writes / 2] / 1e6, windowsNanos[writes * 90 / 100] / 1e6,
                windowsNanos[writes * 99 / 100] / 1e6, windowsNanos[writes - 1] / 1e6);
        assertThat(tierOf(nodeB).stats().invalidationsReceived()).isPositive();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /**
     * One node's settings. Both nodes use the same store name: it namespaces the store's objects in the
     * cluster (region maps, tag versions), so nodes share regions only when their store names match.
     */
    private static Properties memberSettings() {
        Properties p = Databases.settings("strata.store.name", CLUSTER.name());
        p.putAll(CLUSTER.strataSettings());
        return p;
    }

    private static DistributedTier tierOf(StrataDataSource node) {
        return (DistributedTier) node.regionStore().tier();
    }

    private static void awaitRows(DataSource node, String sql, String... expected) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> rows(node, sql).equals(List.of(expected)));
    }

    /** Each row as "col1:col2" (or the single column), in order. */
    private static List<String> rows(DataSource node, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                out.add(columns == 1 ? rs.getString(1) : rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    private static List<List<Object>> typedRows(DataSource node, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = node.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                row.add(rs.getInt(1));
                row.add(rs.getBigDecimal(2));
                row.add(rs.getObject(3, LocalDate.class));
                row.add(rs.getObject(4, LocalDateTime.class));
                row.add(rs.getObject(5) == null ? null : rs.getBoolean(5));
                byte[] bytes = rs.getBytes(6);
                if (bytes == null) {
                    row.add(null);
                } else {
                    List<Byte> boxed = new ArrayList<>();
                    for (byte b : bytes) {
                        boxed.add(b);
                    }
                    row.add(boxed);
                }
                row.add(rs.getObject(7, UUID.class));
                row.add(rs.getString(8));
                out.add(row);
            }
        }
        return out;
    }
}
