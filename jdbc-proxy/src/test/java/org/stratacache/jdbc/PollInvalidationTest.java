package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Mode {@code poll} across two JVMs on PostgreSQL (the version table is plain SQL; PostgreSQL is simply the server
 * these tests have): this JVM (A) writes through Strata, the child ({@link PeerJvm}, B) holds the row cached and
 * polls the version table every 50 ms. Figures: write acknowledged on A → B reads the new value.
 */
class PollInvalidationTest {
    private static final int WRITES = Integer.getInteger("strata.test.xjvm.writes", 200);
    private static final List<String> B_SETTINGS = List.of("-Dstrata.invalidation.poll-interval=50ms",
            "-Dstrata.invalidation.health-check=1s");
    private static UrlDataSource pg;

    @BeforeAll
    static void table() throws SQLException {
        pg = Postgres.connectOrSkip();
        Databases.exec(pg, "DROP TABLE IF EXISTS xjvm", "CREATE TABLE xjvm (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO xjvm VALUES (1, 0), (2, 0)");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (pg != null) {
            Databases.exec(pg, "DROP TABLE IF EXISTS xjvm");
        }
    }

    private static PeerJvm peer(String store) throws java.io.IOException {
        return PeerJvm.start(store, "poll", Map.of(), B_SETTINGS, true);
    }

    private static StrataDataSource writer(String store) {
        return StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store, "strata.invalidation.mode",
                "poll", "strata.invalidation.poll-interval", "50ms"));
    }

    @Test
    void writeThroughStrata_isSeenByTheOtherJvm() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = peer(store); StrataDataSource a = writer(store)) {
            List<Long> delays = b.delaysOfAlternatingWrites(a, WRITES);
            PeerJvm.report("write through Strata on A, read on B (poll every 50 ms)", delays);
            assertThat(a.invalidationStatistics().sentInTransaction()).isEqualTo((WRITES + 1) / 2);
            assertThat(b.bus()[0]).as("changes B received").isPositive();
        }
    }

    @Test
    void rolledBackTransaction_bumpsNothing() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = peer(store); StrataDataSource a = writer(store)) {
            int cached = b.cache(1);
            try (Connection c = a.getConnection()) { // bumped inside: the row exists, and is bumped, at the commit
                c.setAutoCommit(false);
                PeerJvm.update(c, PeerJvm.nextValue());
                c.commit();
            }
            long version = version(store);
            assertThat(version).isPositive();
            long received = b.bus()[0];

            try (Connection c = a.getConnection()) {
                c.setAutoCommit(false);
                PeerJvm.update(c, cached);
                c.rollback();
            }
            assertThat(version(store)).as("the rollback took its bump with it").isEqualTo(version);
            try (Connection c = a.getConnection(); PreparedStatement ps =
                    c.prepareStatement("UPDATE xjvm SET v = v + 1 WHERE id = 2")) {
                c.setAutoCommit(false);
                ps.executeUpdate();
                c.commit();
            }
            assertThat(version(store)).as("one committed transaction, one bump").isEqualTo(version + 1);
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[0] > received);
        }
    }

    @Test
    void pollerCannotRead_bPassesReadsThrough_thenDropsEverythingOnRecovery() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = peer(store)) {
            b.cache(1);
            long[] before = b.bus();
            int value = PeerJvm.nextValue();
            try (Connection lock = pg.getConnection()) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    // B's reads of the table now hang: after poll-interval + health-check it must doubt
                    st.execute("LOCK TABLE strata_invalidation IN ACCESS EXCLUSIVE MODE");
                }
                await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[2] == 0);
                PeerJvm.update(pg, value); // the plain driver: no bus carries it, only a read of the database shows it
                assertThat(b.read(1)).as("B passes the cache by").isEqualTo(value);
                assertThat(b.bus()[3]).as("reads uncached because the bus is down").isGreaterThan(before[3]);
                terminatePollers();
                lock.rollback();
            }
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[2] == 1);
            long[] after = b.bus();
            assertThat(after[1]).as("B's poller reconnected").isGreaterThan(before[1]);
            assertThat(after[6]).as("B dropped everything before trusting again").isGreaterThan(before[6]);
            assertThat(b.cache(1)).isEqualTo(value);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static long version(String store) throws SQLException {
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM strata_invalidation WHERE channel = ? AND tag = 'jdbc:table:xjvm'")) {
            ps.setString(1, PgNotifyBus.channelFor(store));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static void terminatePollers() throws SQLException {
        try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'strata-invalidation-poller' AND pid <> pg_backend_pid()");
        }
    }
}
