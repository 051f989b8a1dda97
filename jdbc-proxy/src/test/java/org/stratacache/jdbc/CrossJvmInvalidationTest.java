package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Two JVMs, one PostgreSQL: this test's JVM (A) writes, a child JVM ({@link InvalidationPeer}, B) reads
 * through {@code jdbc:strata:} on the local tier, holding the row cached before each write. B must see every
 * write once it was acknowledged to A plus the delivery time of the bus; the figures (write acknowledged on A
 * → B reads the new value) are printed per scenario. The number of writes per scenario is
 * {@code -Dstrata.test.xjvm.writes} (default 200).
 */
class CrossJvmInvalidationTest {
    private static final int WRITES = Integer.getInteger("strata.test.xjvm.writes", 200);
    /** Liveness bound only: the figures, not this, say how fast it is. */
    private static final Duration FRESH_WITHIN = Duration.ofSeconds(30);
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
        String store = store();
        try (Peer b = Peer.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache(1);
                int value = nextValue();
                long acknowledged;
                if (i % 2 == 0) {
                    update(a, value); // auto-commit: published right after, by the publisher connection
                    acknowledged = System.nanoTime();
                } else {
                    try (Connection c = a.getConnection()) { // a transaction: published inside it
                        c.setAutoCommit(false);
                        update(c, value);
                        c.commit();
                        acknowledged = System.nanoTime();
                    }
                }
                delays.add(b.awaitValue(1, value, acknowledged));
            }
            report("write through Strata on A, read on B (notify)", delays);
            assertThat(a.invalidationStatistics().sentInTransaction()).isEqualTo((WRITES + 1) / 2);
        }
    }

    @Test
    void writeBypassingStrata_isSeenInTriggersMode() throws Exception {
        String store = store();
        try (Connection c = pg.getConnection()) {
            InvalidationTriggers.install(c, PgNotifyBus.channelFor(store), List.of("xjvm"));
        }
        try (Peer b = Peer.start(store, "triggers")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache(1);
                int value = nextValue();
                update(pg, value); // the plain driver: Strata sees nothing of it
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            report("write through the plain driver, read on B (triggers)", delays);
        } finally {
            try (Connection c = pg.getConnection()) {
                InvalidationTriggers.uninstall(c, List.of("xjvm"));
            }
        }
    }

    @Test
    void rolledBackTransaction_publishesNothing() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            int cached = b.cache(1);
            long receivedBefore = b.bus()[0];
            try (Connection c = a.getConnection()) {
                c.setAutoCommit(false);
                update(c, nextValue());
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
        String store = store();
        try (Peer b = Peer.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                b.cache(1);
                terminateListeners();
                int value = nextValue();
                update(a, value); // B's listener may be down now: the notification can be lost for B
                delays.add(b.awaitValue(1, value, System.nanoTime()));
            }
            report("write on A while B's listener is terminated (notify)", delays);
            assertThat(b.bus()[1]).as("B's listener reconnected").isPositive();
        }
    }

    @Test
    void postgresRestart_neverServesAnOlderRow() throws Exception {
        String ctl = System.getenv("STRATA_PG_CTL");
        if (ctl == null) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "STRATA_PG_CTL not set: cannot restart PostgreSQL");
        }
        String store = store();
        try (Peer b = Peer.start(store, "notify");
             StrataDataSource a = StrataDataSource.wrap(pg, Databases.settings("strata.store.name", store,
                     "strata.invalidation.mode", "notify"))) {
            int before = b.cache(1);
            run(ctl, "restart");
            int value = nextValue();
            await().atMost(FRESH_WITHIN).ignoreExceptions().until(() -> {
                update(a, value);
                return true;
            });
            long acknowledged = System.nanoTime();
            b.awaitValue(1, value, acknowledged);
            assertThat(value).isNotEqualTo(before);
            assertThat(b.bus()[1]).as("B's listener reconnected after the restart").isPositive();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static int counter;

    private static synchronized int nextValue() {
        return ++counter + (int) (System.nanoTime() & 0xffff) * 1000;
    }

    private static String store() {
        return "xjvm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void update(javax.sql.DataSource ds, int value) throws SQLException {
        try (Connection c = ds.getConnection()) {
            update(c, value);
        }
    }

    private static void update(Connection c, int value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE xjvm SET v = ? WHERE id = 1")) {
            ps.setInt(1, value);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

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

    private static void report(String what, List<Long> delaysNanos) {
        List<Long> sorted = new ArrayList<>(delaysNanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        double max = sorted.get(sorted.size() - 1) / 1e6;
        System.out.printf(Locale.ROOT, "cross-JVM staleness, %s: %d writes, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what, sorted.size(), p50, p99, max);
    }

    /** The child JVM, driven line by line. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final PrintWriter in;
        private final BufferedReader out;

        private Peer(Process process) {
            this.process = process;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Peer start(String store, String mode) throws IOException {
            Path log = Path.of("target", "peer-" + store + ".log");
            Files.createDirectories(log.getParent());
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    InvalidationPeer.class.getName(), store, mode);
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            Peer peer = new Peer(process);
            String ready = peer.out.readLine();
            assertThat(ready).as("the peer started (its log: " + log + ")").isEqualTo("READY");
            return peer;
        }

        String ask(String command) throws IOException {
            in.println(command);
            String answer = out.readLine();
            assertThat(answer).as("answer to " + command).isNotNull();
            return answer;
        }

        /** The value B reads now; an answer "error …" (its connection died with the server) reads again. */
        int read(int id) throws IOException {
            String[] answer = ask("read " + id).split(" ");
            if (answer[0].equals("error")) {
                return read(id);
            }
            return Integer.parseInt(answer[1]);
        }

        long hits() throws IOException {
            String[] answer = ask("read 2").split(" ");
            return answer[0].equals("value") ? Long.parseLong(answer[2]) : -1;
        }

        /**
         * Reads the row until it is served from B's cache (after a reconnect B passes the cache by until its
         * listener listens again); returns its value.
         */
        int cache(int id) {
            int[] value = new int[1];
            await().atMost(FRESH_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                String[] first = ask("read " + id).split(" ");
                String[] second = ask("read " + id).split(" ");
                value[0] = second[0].equals("value") ? Integer.parseInt(second[1]) : 0;
                return first[0].equals("value") && second[0].equals("value")
                        && Long.parseLong(second[2]) > Long.parseLong(first[2]);
            });
            return value[0];
        }

        /**
         * Reads until B answers {@code value}; returns nanoseconds from {@code acknowledged}. B must never go
         * back to a value older than one it already returned after the write.
         */
        long awaitValue(int id, int value, long acknowledged) throws IOException {
            long deadline = acknowledged + FRESH_WITHIN.toNanos();
            while (true) {
                int seen = read(id);
                if (seen == value) {
                    return System.nanoTime() - acknowledged;
                }
                assertThat(System.nanoTime()).as("B still serves " + seen + " instead of " + value)
                        .isLessThan(deadline);
            }
        }

        /** received, reconnects, connected (1/0), reads uncached because the bus was down. */
        long[] bus() throws IOException {
            String[] answer = ask("bus").split(" ");
            return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2]),
                    Boolean.parseBoolean(answer[3]) ? 1 : 0, Long.parseLong(answer[4])};
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
