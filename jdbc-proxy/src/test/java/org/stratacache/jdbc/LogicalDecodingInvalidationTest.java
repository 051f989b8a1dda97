package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Mode {@code logical} across two JVMs on PostgreSQL (the server {@code .ci/pg} starts has
 * {@code wal_level=logical}): writes that bypass Strata reach the child JVM ({@link PeerJvm}, B) through a
 * replication slot, without triggers. The figures (write acknowledged → B reads the new value) are printed as
 * {@link CrossJvmInvalidationTest}'s are; the number of writes is {@code -Dstrata.test.xjvm.writes} (default 200).
 */
class LogicalDecodingInvalidationTest {
    private static final int WRITES = Integer.getInteger("strata.test.xjvm.writes", 200);
    private static PGSimpleDataSource pg;

    @BeforeAll
    static void tables() throws SQLException {
        UrlDataSource server = Postgres.connectOrSkip();
        pg = new PGSimpleDataSource();
        pg.setURL(server.url());
        pg.setUser(server.user());
        pg.setPassword(server.password());
        Databases.exec(pg, "DROP TABLE IF EXISTS xjvm", "CREATE TABLE xjvm (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO xjvm VALUES (1, 0), (2, 0)", "DROP TABLE IF EXISTS xjvm_fence",
                "CREATE TABLE xjvm_fence (n int)");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (pg != null) {
            Databases.exec(pg, "DROP TABLE IF EXISTS xjvm", "DROP TABLE IF EXISTS xjvm_fence",
                    // the publications the stores of these tests created on demand (strata_<store name>)
                    "DO $$DECLARE p text; BEGIN FOR p IN SELECT pubname FROM pg_publication WHERE pubname LIKE "
                            + "'strata\\_xjvm\\_%' LOOP EXECUTE 'DROP PUBLICATION ' || quote_ident(p); END LOOP; END$$");
        }
    }

    @Test
    void writeBypassingStrata_isSeenInLogicalMode() throws Exception {
        try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache(1);
                int value = PeerJvm.nextValue();
                PeerJvm.update(pg, value); // the plain driver: Strata sees nothing of it, and there is no trigger
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            PeerJvm.report("write through the plain driver, read on B (logical)", delays);
            assertThat(b.bus()[4]).as("commits B decoded from its slot").isGreaterThanOrEqualTo(WRITES);
        }
    }

    @Test
    void truncate_isSeenInLogicalMode() throws Exception {
        try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical")) {
            b.cache(1);
            Databases.exec(pg, "TRUNCATE xjvm");
            b.awaitValue(1, -1, System.nanoTime()); // -1: no such row
        } finally {
            Databases.exec(pg, "INSERT INTO xjvm VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING");
        }
    }

    @Test
    void rolledBackTransaction_isNeverApplied() throws Exception {
        try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical")) {
            int cached = b.cache(1);
            long decodedBefore = b.bus()[4];
            try (Connection c = pg.getConnection()) {
                c.setAutoCommit(false);
                PeerJvm.update(c, PeerJvm.nextValue());
                c.rollback();
            }
            // a committed write to another table, as a fence: once B applied it, it read everything before it
            Databases.exec(pg, "INSERT INTO xjvm_fence VALUES (1)");
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[4] >= decodedBefore + 1);
            assertThat(b.bus()[4]).as("commits B decoded: the fence only").isEqualTo(decodedBefore + 1);
            long hits = b.hits();
            assertThat(b.read(1)).isEqualTo(cached);
            assertThat(b.hits()).as("row 1 (and row 2) still served from B's cache").isGreaterThanOrEqualTo(hits + 2);
        }
    }

    @Test
    void writeThroughStrataInATransaction_isAppliedOnceOnEachInstance() throws Exception {
        String store = PeerJvm.store();
        int writes = 20;
        try (PeerJvm b = PeerJvm.start(store, "logical");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "logical"))) {
            for (int i = 0; i < writes; i++) {
                b.cache(1);
                int value = PeerJvm.nextValue();
                try (Connection c = a.getConnection()) {
                    c.setAutoCommit(false);
                    PeerJvm.update(c, value);
                    c.commit();
                }
                b.awaitValue(1, value, System.nanoTime());
            }
            // each commit reached B as a notification naming the transaction and from the slot: applied once
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[5] >= writes);
            assertThat(b.bus()[5]).as("deliveries B skipped as already applied").isEqualTo(writes);
            // A's own commits come back through A's slot: its writer invalidated them already
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> a.invalidationStatistics().alreadyApplied() >= writes);
            assertThat(a.invalidationStatistics().alreadyApplied()).isEqualTo(writes);
            assertThat(a.invalidationStatistics().sentInTransaction()).isEqualTo(writes);
        }
    }

    @Test
    void temporarySlot_isGoneAfterClose_andAfterACrash() throws Exception {
        String store = PeerJvm.store();
        PeerJvm b = PeerJvm.start(store, "logical");
        assertThat(slots(store)).as("B's slot: temporary, active").containsExactly("t true");
        b.close();
        await().atMost(PeerJvm.FRESH_WITHIN).until(() -> slots(store).isEmpty());

        String crashing = PeerJvm.store();
        PeerJvm c = PeerJvm.start(crashing, "logical");
        assertThat(slots(crashing)).hasSize(1);
        c.kill();
        await().atMost(PeerJvm.FRESH_WITHIN).until(() -> slots(crashing).isEmpty());
    }

    @Test
    void namedSlot_isDroppedAtClose_butACrashLeavesItUntilDropped() throws Exception {
        String store = PeerJvm.store();
        String slot = "strata_" + store.replace('-', '_') + "_named";
        List<String> options = List.of("-Dstrata.invalidation.slot=" + slot);
        PeerJvm b = PeerJvm.start(store, "logical", Map.of(), options, true);
        assertThat(slots(store)).as("B's slot: permanent, active").containsExactly("f true");
        b.close();
        assertThat(slots(store)).as("dropped at close").isEmpty();

        PeerJvm crashed = PeerJvm.start(store, "logical", Map.of(), options, true);
        crashed.kill();
        await().atMost(PeerJvm.FRESH_WITHIN).until(() -> slots(store).equals(List.of("f false")));
        // what docs/invalidation.md tells an administrator to run
        Databases.exec(pg, "SELECT pg_drop_replication_slot('" + slot + "')");
        assertThat(slots(store)).isEmpty();
    }

    @Test
    void slotReaderTerminated_neverServesAnOlderRow() throws Exception {
        try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                b.cache(1);
                Databases.exec(pg, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE application_name = 'strata-invalidation-slot' AND pid <> pg_backend_pid()");
                int value = PeerJvm.nextValue();
                PeerJvm.update(pg, value); // B's slot may be gone now: a temporary slot does not see this write
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            PeerJvm.report("plain write while B's slot reader is terminated (logical)", delays);
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.bus()[1] > 0); // B's slot reader reconnected
        }
    }

    @Test
    void roleWithoutReplication_logsWhatToChange_andTheBusStaysUntrusted() throws Exception {
        Databases.exec(pg, "DROP ROLE IF EXISTS strata_norepl", "CREATE ROLE strata_norepl LOGIN",
                "GRANT SELECT ON xjvm TO strata_norepl");
        try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical", Map.of("STRATA_PG_USER", "strata_norepl"),
                List.of(), false)) {
            await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.log().contains("ALTER ROLE strata_norepl REPLICATION"));
            assertThat(b.log()).contains("ERROR").contains("role strata_norepl has no REPLICATION attribute");
            assertUntrusted(b, pg);
        } finally {
            Databases.exec(pg, "REVOKE SELECT ON xjvm FROM strata_norepl", "DROP ROLE IF EXISTS strata_norepl");
        }
    }

    @Test
    void serverWithoutLogicalWal_logsWhatToChange_andTheBusStaysUntrusted() throws Exception {
        String ctl = System.getenv("STRATA_PG_CTL");
        assumeTrue(ctl != null, "STRATA_PG_CTL not set: cannot start a second PostgreSQL");
        Map<String, String> server = startServer(ctl, Map.of("STRATA_PG_WAL_LEVEL", "replica"));
        try {
            PGSimpleDataSource replica = new PGSimpleDataSource();
            replica.setURL(server.get("STRATA_PG_URL"));
            replica.setUser(server.get("STRATA_PG_USER"));
            Databases.exec(replica, "CREATE TABLE xjvm (id int PRIMARY KEY, v int NOT NULL)",
                    "INSERT INTO xjvm VALUES (1, 0), (2, 0)");
            try (PeerJvm b = PeerJvm.start(PeerJvm.store(), "logical", server, List.of(), false)) {
                await().atMost(PeerJvm.FRESH_WITHIN).until(() -> b.log().contains("wal_level is 'replica'"));
                assertThat(b.log()).contains("ERROR").contains("wal_level = logical").contains("restart the server");
                assertUntrusted(b, replica);
            }
        } finally {
            ProcessBuilder destroy = new ProcessBuilder(ctl, "destroy").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            destroy.environment().putAll(server);
            assertThat(destroy.start().waitFor(2, TimeUnit.MINUTES)).isTrue();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** B serves no read from its cache while its bus is untrusted: each read passes by, counted as such. */
    private static void assertUntrusted(PeerJvm b, PGSimpleDataSource db) throws IOException, SQLException {
        long[] before = b.bus();
        assertThat(before[2]).as("B's bus connected").isZero();
        int value;
        try (Connection c = db.getConnection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM xjvm WHERE id = 1")) {
            rs.next();
            value = rs.getInt(1);
        }
        assertThat(b.read(1)).isEqualTo(value);
        assertThat(b.read(1)).isEqualTo(value);
        long[] after = b.bus();
        assertThat(after[2]).isZero();
        assertThat(after[3] - before[3]).as("reads uncached because the bus is down").isEqualTo(2);
    }

    /** {@code temporary active} of each slot of the store, e.g. {@code "t true"}. */
    private static List<String> slots(String store) throws SQLException {
        List<String> slots = new ArrayList<>();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT temporary, active "
                + "FROM pg_replication_slots WHERE slot_name LIKE ?")) {
            ps.setString(1, "strata_" + store.replace('-', '_') + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.add((rs.getBoolean(1) ? "t" : "f") + " " + rs.getBoolean(2));
                }
            }
        }
        return slots;
    }

    /** Starts a PostgreSQL with {@code .ci/pg start} and {@code env}; returns its STRATA_PG_* exports. */
    private static Map<String, String> startServer(String ctl, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ctl, "start").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process p = builder.start();
        String exports = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(ctl + " start").isZero();
        Map<String, String> vars = new HashMap<>();
        for (String line : exports.split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                vars.put(kv[0], kv[1]);
            }
        }
        return vars;
    }
}
