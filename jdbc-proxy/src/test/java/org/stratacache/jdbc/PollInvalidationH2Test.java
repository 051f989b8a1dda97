package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode {@code poll} on an H2 file database served over TCP (127.0.0.1): two Strata data sources of this JVM stand for
 * two instances (their own stores, one channel). The two-JVM behaviour is {@link PollInvalidationTest}'s (PostgreSQL).
 */
class PollInvalidationH2Test {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static StrataDataSource instance(JdbcDataSource h2) {
        return StrataDataSource.wrap(h2, Databases.settings("strata.invalidation.mode", "poll",
                "strata.invalidation.channel", "strata_h2_shop", "strata.invalidation.poll-interval", "20ms",
                "strata.jdbc.admission", "first-miss"));
    }

    @Test
    void writeOnA_transactionOrAutoCommit_isSeenByB_rollbackIsNot() throws Exception {
        try (H2Server server = new H2Server(dir)) {
            Databases.exec(server.dataSource(), "CREATE TABLE item (id INT PRIMARY KEY, v INT NOT NULL)",
                    "INSERT INTO item VALUES (1, 0)");
            try (StrataDataSource a = instance(server.dataSource());
                 StrataDataSource b = instance(server.dataSource())) {
                assertThat(b.invalidationStatistics().connected()).isTrue();
                for (int value = 1; value <= 20; value++) {
                    cache(b);
                    try (Connection c = a.getConnection()) {
                        c.setAutoCommit(value % 2 == 0);
                        update(c, value);
                        if (value % 2 != 0) {
                            c.commit();
                        }
                    }
                    int expected = value;
                    await().atMost(WITHIN).until(() -> read(b) == expected);
                }
                long hitsBefore = b.statistics().hits();
                cache(b);
                try (Connection c = a.getConnection()) {
                    c.setAutoCommit(false);
                    update(c, -1);
                    c.rollback();
                }
                assertThat(read(b)).isEqualTo(20);
                assertThat(b.statistics().hits()).isGreaterThan(hitsBefore);
                assertThat(a.invalidationStatistics().sentInTransaction()).isEqualTo(10);
                assertThat(b.invalidationStatistics().received()).isPositive();
            }
        }
    }

    /** Reads until a read is answered from B's cache. */
    private static void cache(StrataDataSource b) {
        await().atMost(WITHIN).until(() -> {
            long hits = b.statistics().hits();
            read(b);
            return b.statistics().hits() > hits;
        });
    }

    private static int read(StrataDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT v FROM item WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static void update(Connection c, int value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE item SET v = ? WHERE id = 1")) {
            ps.setInt(1, value);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
