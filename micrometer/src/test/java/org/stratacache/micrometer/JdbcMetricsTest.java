package org.stratacache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stratacache.micrometer.StrataMetricsTest.value;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.StrataDataSource;
import org.stratacache.jdbc.UncachedReason;
import org.stratacache.testsupport.H2;

/** The {@code strata.jdbc.*} meters over real reads through {@link StrataDataSource} on H2. */
class JdbcMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Connection direct;
    private StrataDataSource strata;
    private String store;

    @BeforeEach
    void setUp() throws SQLException {
        String url = H2.newMemoryUrl("meters");
        direct = DriverManager.getConnection(url, H2.USER, H2.PASSWORD);
        try (Statement s = direct.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50))");
            s.execute("INSERT INTO item VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            s.execute("CREATE TABLE page_view (id BIGINT PRIMARY KEY, url VARCHAR(100))");
        }
        Properties settings = new Properties();
        settings.setProperty("strata.write-behind.tables", "page_view");
        settings.setProperty("strata.write-behind.max-delay", "1h");
        settings.setProperty("strata.write-behind.batch-size", "10000");
        strata = StrataDataSource.wrap(H2.dataSource(url), settings);
        store = strata.regionStore().jmxName();
        StrataMetrics.builder(strata.regionStore()).jdbc(strata::statistics)
                .invalidation(strata::invalidationStatistics).build().bindTo(registry);
    }

    @AfterEach
    void tearDown() throws SQLException {
        strata.close();
        try (Statement s = direct.createStatement()) {
            s.execute("SHUTDOWN");
        }
        registry.close();
    }

    @Test
    void reads_hitMissAndUncachedWithReason_countedWithTheirTags() throws SQLException {
        try (Connection c = strata.getConnection();
             PreparedStatement byId = c.prepareStatement("SELECT name FROM item WHERE id = ?");
             Statement s = c.createStatement()) {
            for (int round = 0; round < 4; round++) {
                for (int id = 1; id <= 3; id++) {
                    byId.setInt(1, id);
                    drain(byId.executeQuery()); // round 0 misses, rounds 1..3 hit
                }
            }
            drain(s.executeQuery("SELECT id FROM item FOR UPDATE"));
            drain(s.executeQuery("SELECT id FROM item FOR UPDATE"));
            drain(s.executeQuery("SELECT id, RAND() FROM item"));
            s.executeUpdate("UPDATE item SET name = 'z' WHERE id = 1");
        }
        JdbcStats stats = strata.statistics();
        assertThat(stats.hits()).isEqualTo(9);
        assertThat(stats.misses()).isEqualTo(3);
        assertThat(stats.uncached(UncachedReason.LOCKING_CLAUSE)).isEqualTo(2);
        assertThat(stats.uncached(UncachedReason.NON_DETERMINISTIC)).isEqualTo(1);

        assertThat(value(registry, "strata.jdbc.reads", "store", store, "result", "hit", "reason", "none"))
                .isEqualTo(9);
        assertThat(value(registry, "strata.jdbc.reads", "result", "miss", "reason", "none")).isEqualTo(3);
        assertThat(value(registry, "strata.jdbc.reads", "result", "uncached", "reason", "locking_clause"))
                .isEqualTo(2);
        assertThat(value(registry, "strata.jdbc.reads", "result", "uncached", "reason", "non_deterministic"))
                .isEqualTo(1);
        assertThat(value(registry, "strata.jdbc.reads", "result", "uncached", "reason", "isolation")).isZero();
        double uncachedSum = registry.get("strata.jdbc.reads").tag("result", "uncached").functionCounters()
                .stream().mapToDouble(f -> f.count()).sum();
        assertThat(uncachedSum).isEqualTo(stats.uncached());
        assertThat(registry.get("strata.jdbc.reads").tag("result", "uncached").functionCounters())
                .hasSize(UncachedReason.values().length);
        assertThat(value(registry, "strata.jdbc.invalidations")).isEqualTo(stats.invalidations()).isPositive();
        assertThat(value(registry, "strata.jdbc.failures")).isZero();
        // the JDBC module's region shows up as a region too
        assertThat(registry.find("strata.region.gets").tag("result", "hit").functionCounters()).isNotEmpty();
    }

    @Test
    void writeBehindTable_queueDepthThenWrittenAfterAReadFlushes() throws SQLException {
        try (Connection c = strata.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO page_view (id, url) VALUES (?, ?)")) {
            for (int i = 0; i < 40; i++) {
                insert.setLong(1, i);
                insert.setString(2, "/p/" + i);
                insert.executeUpdate();
            }
            String[] table = {"store", store, "table", "page_view"};
            assertThat(value(registry, "strata.writebehind.queue.depth", table)).isEqualTo(40);
            assertThat(value(registry, "strata.writebehind.written", table)).isZero();
            try (Statement s = c.createStatement()) {
                drain(s.executeQuery("SELECT COUNT(*) FROM page_view")); // a read of the table flushes first
            }
            assertThat(value(registry, "strata.writebehind.queue.depth", table)).isZero();
            assertThat(value(registry, "strata.writebehind.written", table)).isEqualTo(40);
            assertThat(registry.get("strata.writebehind.written").tags(table).functionCounter().getId()
                    .getTag("queue")).isEqualTo("jdbc:page_view");
        }
    }

    @Test
    void driverStyleSupplier_nullBeforeTheFirstConnection_readsZero() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        StrataMetrics.builder("not-yet").jdbc(() -> null).build().bindTo(other);
        assertThat(value(other, "strata.jdbc.reads", "store", "not-yet", "result", "hit", "reason", "none"))
                .isZero();
        assertThat(other.find("strata.region.gets").meters()).isEmpty();
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }
}
