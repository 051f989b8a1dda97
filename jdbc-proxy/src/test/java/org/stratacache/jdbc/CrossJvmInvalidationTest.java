package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.invalidation.InvalidationTriggers;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Two JVMs, one PostgreSQL: this test's JVM (A) writes, a child JVM ({@link PeerJvm}, B) reads
 * through {@code jdbc:strata:} on the local tier, holding the row cached before each write. B must see every
 * write once it was acknowledged to A plus the delivery time of the bus; the figures (write acknowledged on A
 * → B reads the new value) are printed per scenario. The number of writes per scenario is
 * {@code -Dstrata.test.xjvm.writes} (default 200).
 */
class CrossJvmInvalidationTest {
    private static final int WRITES = Integer.getInteger("strata.test.xjvm.writes", 200);
    /** Liveness bound only: the figures, not this, say how fast it is. */
    private static final Duration FRESH_WITHIN = PeerJvm.FRESH_WITHIN;
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

    @Test
    void writeThroughStrata_isSeenByTheOtherJvm() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = PeerJvm.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            List<Long> delays = b.delaysOfAlternatingWrites(a, WRITES);
            PeerJvm.report("write through Strata on A, read on B (notify)", delays);
            assertThat(a.invalidationStatistics().sentInTransaction()).isEqualTo((WRITES + 1) / 2);
        }
    }

    @Test
    void writeBypassingStrata_isSeenInTriggersMode() throws Exception {
        String store = PeerJvm.store();
        try (Connection c = pg.getConnection()) {
            InvalidationTriggers.install(c, PgNotifyBus.channelFor(store), List.of("xjvm"));
        }
        try (PeerJvm b = PeerJvm.start(store, "triggers")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache(1);
                int value = PeerJvm.nextValue();
                PeerJvm.update(pg, value); // the plain driver: Strata sees nothing of it
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            PeerJvm.report("write through the plain driver, read on B (triggers)", delays);
        } finally {
            try (Connection c = pg.getConnection()) {
                InvalidationTriggers.uninstall(c, List.of("xjvm"));
            }
        }
    }

    @Test
    void rolledBackTransaction_publishesNothing() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = PeerJvm.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            int cached = b.cache(1);
            long receivedBefore = b.bus()[0];
            try (Connection c = a.getConnection()) {
                c.setAutoCommit(false);
                PeerJvm.update(c, PeerJvm.nextValue());
                c.rollback();
            }
            // a committed write to the other row, as a fence: once B got it, it got everything sent before
            try (Connection c = a.getConnection(); PreparedStatement ps =
                    c.prepareStatement("UPDATE xjvm SET v = v + 1 WHERE id = 2")) {
                ps.executeUpdate();
            }
            await().atMost(FRESH_WITHIN).until(() -> b.bus()[0] >= receivedBefore + 1);
            assertThat(b.bus()[0]).as("messages B received: the fence only").isEqualTo(receivedBefore + 1);
            long hits = b.hits();
            assertThat(b.read(1)).isEqualTo(cached);
            assertThat(b.hits()).as("row 1 still served from B's cache (the fence invalidated the whole table)")
                    .isGreaterThanOrEqualTo(hits);
        }
    }

    @Test
    void listenerTerminated_neverServesAnOlderRow() throws Exception {
        String store = PeerJvm.store();
        try (PeerJvm b = PeerJvm.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                b.cache(1);
                terminateListeners();
                int value = PeerJvm.nextValue();
                PeerJvm.update(a, value); // B's listener may be down now: the notification can be lost for B
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            PeerJvm.report("write on A while B's listener is terminated (notify)", delays);
            await().atMost(FRESH_WITHIN).until(() -> b.bus()[1] > 0); // B's listener reconnected
        }
    }

    @Test
    void postgresRestart_neverServesAnOlderRow() throws Exception {
        String ctl = System.getenv("STRATA_PG_CTL");
        if (ctl == null) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "STRATA_PG_CTL not set: cannot restart PostgreSQL");
        }
        String store = PeerJvm.store();
        try (PeerJvm b = PeerJvm.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            int before = b.cache(1);
            run(ctl, "restart");
            int value = PeerJvm.nextValue();
            await().atMost(FRESH_WITHIN).ignoreExceptions().until(() -> {
                PeerJvm.update(a, value);
                return true;
            });
            long acknowledged = System.nanoTime();
            b.awaitValue(1, value, acknowledged);
            assertThat(value).isNotEqualTo(before);
            // B read the new row even before its listener was back (an untrusted bus passes reads by): wait for the
            // reconnection itself rather than assume it came first
            await().atMost(FRESH_WITHIN).until(() -> b.bus()[1] > 0);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void terminateListeners() throws SQLException {
        try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'strata-invalidation-listener' AND pid <> pg_backend_pid()");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }
}
