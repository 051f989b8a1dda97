package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/** Every read that runs uncached is counted under the reason that refused it. */
class UncachedReasonsTest {
    private UrlDataSource h2;

    @BeforeEach
    void schema() throws SQLException {
        h2 = H2.newMemory("jdbc");
        Databases.exec(h2, "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO item VALUES (1, 'a'), (2, 'b')");
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    @Test
    void uncachedReads_areCountedByReason() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(h2, Databases.settings())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                drain(s.executeQuery("SELECT id, name FROM item FOR UPDATE"));
                drain(s.executeQuery("SELECT id, RAND() FROM item"));
                drain(s.executeQuery("/* strata:nocache */ SELECT id FROM item"));
                s.setMaxFieldSize(1);
                drain(s.executeQuery("SELECT name FROM item"));
            }
            try (Connection c = ds.getConnection()) {
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
                    ps.setInt(1, 1);
                    drain(ps.executeQuery());
                }
                c.commit();
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE item SET name = 'c' WHERE id = 2");
                    drain(s.executeQuery("SELECT name FROM item WHERE id = 2"));
                }
                c.rollback();
            }
            JdbcStats stats = ds.statistics();
            assertThat(stats.uncachedByReason()).containsEntry(UncachedReason.LOCKING_CLAUSE, 1L)
                    .containsEntry(UncachedReason.NON_DETERMINISTIC, 1L)
                    .containsEntry(UncachedReason.HINT, 1L)
                    .containsEntry(UncachedReason.MAX_FIELD_SIZE, 1L)
                    .containsEntry(UncachedReason.ISOLATION, 1L)
                    .containsEntry(UncachedReason.TRANSACTION_WROTE, 1L);
            assertThat(stats.uncached()).isEqualTo(6);
            assertThat(stats.hits() + stats.misses()).isZero();
        }
    }

    @Test
    void statistics_areReachableOverJmx_perStore_evenForTwoDataSourcesOfOneName() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        java.util.Properties settings = Databases.settings("strata.statistics.jmx", "true");
        String store = settings.getProperty("strata.store.name");
        ObjectName first = new ObjectName("org.stratacache:type=JdbcStatistics,store=" + ObjectName.quote(store));
        ObjectName second = new ObjectName("org.stratacache:type=JdbcStatistics,store="
                + ObjectName.quote(store + "-2"));
        try (StrataDataSource a = StrataDataSource.wrap(h2, settings);
             StrataDataSource b = StrataDataSource.wrap(h2, settings)) {
            try (Connection c = a.getConnection(); Statement s = c.createStatement()) {
                drain(s.executeQuery("SELECT name FROM item WHERE id = 1"));
                drain(s.executeQuery("SELECT name FROM item WHERE id = 1"));
                drain(s.executeQuery("SELECT id, RAND() FROM item"));
            }
            JdbcStatisticsMXBean viaJmx = JMX.newMXBeanProxy(server, first, JdbcStatisticsMXBean.class);
            assertThat(viaJmx.getHits()).isEqualTo(1);
            assertThat(viaJmx.getMisses()).isEqualTo(1);
            assertThat(viaJmx.getHitRatio()).isEqualTo(0.5);
            assertThat(viaJmx.getUncachedByReason()).containsEntry(UncachedReason.NON_DETERMINISTIC.name(), 1L);
            assertThat(server.getAttribute(second, "Hits")).as("the second data source's own bean").isEqualTo(0L);
        }
        assertThat(server.isRegistered(first)).isFalse();
        assertThat(server.isRegistered(second)).isFalse();
    }
}
