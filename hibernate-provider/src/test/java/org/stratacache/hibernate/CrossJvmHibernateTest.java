package org.stratacache.hibernate;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.invalidation.InvalidationTriggers;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;

/**
 * Two JVMs with Hibernate and Strata on the local tier, one PostgreSQL: this test's JVM (A) writes, a child JVM
 * ({@link HibernatePeer}, B) holds the row cached — as an entity, or as a cached query result — before each write
 * and reads until it sees the new value. B must see every write once it was acknowledged on A plus the bus's
 * delivery time; the figures (commit returned on A → B's first fresh read, including the command round trip to
 * B) are printed per scenario. Writes per scenario: {@code -Dstrata.test.xjvm.writes} (default 200).
 */
class CrossJvmHibernateTest {
    private static final int WRITES = Integer.getInteger("strata.test.xjvm.writes", 200);
    /** Liveness bound only: the figures, not this, say how fast it is. */
    private static final Duration FRESH_WITHIN = Duration.ofSeconds(30);

    @BeforeAll
    static void table() throws SQLException {
        PgDatabase.require();
        PgDatabase.exec("DROP TABLE IF EXISTS hib_xjvm",
                "CREATE TABLE hib_xjvm (id bigint PRIMARY KEY, val int NOT NULL)",
                "INSERT INTO hib_xjvm VALUES (1, 0), (2, 0)");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (System.getenv("STRATA_PG_URL") != null) {
            PgDatabase.exec("DROP TABLE IF EXISTS hib_xjvm",
                    "DROP FUNCTION IF EXISTS " + InvalidationTriggers.FUNCTION + "()");
        }
    }

    @Test
    void entityUpdatedOnA_isFreshOnB() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "notify"); SessionFactory a = writer(store)) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache("read", 1);
                int value = nextValue();
                a.inTransaction(s -> s.find(XjvmItem.class, 1L).setVal(value));
                delays.add(b.awaitValue("read", 1, value, System.nanoTime()));
            }
            report("READ_WRITE entity updated through Hibernate on A, find on B", delays);
            assertThat(factoryOf(a).invalidationStatistics().sentInTransaction()).as("sent inside the transaction")
                    .isEqualTo(WRITES);
        }
    }

    @Test
    void cachedQueryUpdatedOnA_isFreshOnB() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "notify"); SessionFactory a = writer(store)) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                b.cache("query", 1);
                int value = nextValue();
                a.inTransaction(s -> s.find(XjvmItem.class, 1L).setVal(value));
                delays.add(b.awaitValue("query", 1, value, System.nanoTime()));
            }
            report("entity updated through Hibernate on A, cached query on B", delays);
        }
    }

    @Test
    void plainJdbcWrite_withTriggers_isFreshInBsHibernateCache() throws Exception {
        String store = store();
        installTrigger(PgNotifyBus.channelFor(store));
        try (Peer b = Peer.start(store, "triggers")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= WRITES; i++) {
                String read = i % 2 == 0 ? "read" : "query";
                b.cache(read, 1);
                int value = nextValue();
                try (Connection c = PgDatabase.connect(); PreparedStatement ps =
                        c.prepareStatement("UPDATE hib_xjvm SET val = ? WHERE id = 1")) {
                    ps.setInt(1, value); // the plain driver: neither Strata nor Hibernate sees it
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                delays.add(b.awaitValue(read, 1, value, System.nanoTime()));
            }
            report("plain JDBC write (triggers), find and cached query on B", delays);
        } finally {
            PgDatabase.exec("DROP TRIGGER IF EXISTS strata_notify_hib_xjvm ON hib_xjvm");
        }
    }

    @Test
    void rolledBackTransactionOnA_leavesBsCacheAlone() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "notify"); SessionFactory a = writer(store)) {
            int cached = b.cache("read", 1);
            long received = b.bus()[0];
            a.inSession(s -> {
                s.getTransaction().begin();
                s.find(XjvmItem.class, 1L).setVal(nextValue());
                s.flush();
                s.getTransaction().rollback();
            });
            // a committed write as a fence: once B got it, it got everything sent before
            a.inTransaction(s -> s.find(XjvmItem.class, 2L).setVal(nextValue()));
            await().atMost(FRESH_WITHIN).until(() -> b.bus()[0] >= received + 1);
            assertThat(b.bus()[0]).as("messages B received: the committed write only").isEqualTo(received + 1);
            assertThat(b.read("read", 1)).isEqualTo(cached);
        }
    }

    @Test
    void listenerTerminated_neverServesAnOlderValue() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "notify"); SessionFactory a = writer(store)) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                b.cache("read", 1);
                terminateListeners();
                int value = nextValue();
                a.inTransaction(s -> s.find(XjvmItem.class, 1L).setVal(value)); // B may miss this notification
                delays.add(b.awaitValue("read", 1, value, System.nanoTime()));
            }
            report("entity updated on A while B's listener is terminated", delays);
            await().atMost(Duration.ofSeconds(30)).until(() -> b.bus()[1] > 0); // B's listener reconnected
            long[] bus = b.bus();
            assertThat(bus[3]).as("B answered reads as misses while its bus was down").isPositive();
        }
    }

    @Test
    void pollMode_entityAndQueryUpdatedOnA_areFreshOnB_andARollbackBumpsNothing() throws Exception {
        String store = store();
        try (Peer b = Peer.start(store, "poll"); SessionFactory a = writer(store, "poll")) {
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                String read = i % 2 == 0 ? "read" : "query";
                b.cache(read, 1);
                int value = nextValue();
                a.inTransaction(s -> s.find(XjvmItem.class, 1L).setVal(value));
                delays.add(b.awaitValue(read, 1, value, System.nanoTime()));
            }
            report("entity updated through Hibernate on A, find and cached query on B (poll every 50 ms)", delays);
            assertThat(factoryOf(a).invalidationStatistics().sentInTransaction()).as("bumped inside the transaction")
                    .isEqualTo(40);

            long version = version(PgNotifyBus.channelFor(store));
            a.inSession(s -> {
                s.getTransaction().begin();
                s.find(XjvmItem.class, 1L).setVal(nextValue());
                s.flush();
                s.getTransaction().rollback();
            });
            assertThat(version(PgNotifyBus.channelFor(store))).as("the rollback took its bump with it")
                    .isEqualTo(version);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static long version(String channel) throws SQLException {
        try (Connection c = PgDatabase.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM strata_invalidation WHERE channel = ? AND tag = 'jdbc:table:hib_xjvm'")) {
            ps.setString(1, channel);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the table's row").isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static int counter;

    private static synchronized int nextValue() {
        return ++counter + (int) (System.nanoTime() & 0xffff) * 1000;
    }

    private static String store() {
        return "hxjvm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SessionFactory writer(String store) {
        return writer(store, "notify");
    }

    private static SessionFactory writer(String store, String mode) {
        SessionFactory sf = TestFactories.build(PgDatabase.hibernateSettings(store, mode), XjvmItem.class);
        await().atMost(FRESH_WITHIN).until(() -> factoryOf(sf).invalidationStatistics().connected());
        return sf;
    }

    private static StrataRegionFactory factoryOf(SessionFactory sf) {
        return (StrataRegionFactory) sf.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }

    /** The statement-level trigger of the {@code triggers} mode, from core's installer. */
    private static void installTrigger(String channel) throws SQLException {
        PgDatabase.exec(InvalidationTriggers.sql(channel, List.of("hib_xjvm")).toArray(String[]::new));
    }

    private static void terminateListeners() throws SQLException {
        PgDatabase.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'strata-invalidation-listener' AND pid <> pg_backend_pid()");
    }

    private static void report(String what, List<Long> delaysNanos) {
        List<Long> sorted = new ArrayList<>(delaysNanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        double max = sorted.get(sorted.size() - 1) / 1e6;
        System.out.printf(Locale.ROOT, "cross-JVM staleness (Hibernate), %s: %d writes, p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms%n", what, sorted.size(), p50, p99, max);
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
                    HibernatePeer.class.getName(), store, mode);
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            Peer peer = new Peer(process);
            String ready = peer.out.readLine();
            assertThat(ready).as("the peer started (its log: " + log + ")").isEqualTo("READY");
            return peer;
        }

        String[] ask(String command) throws IOException {
            in.println(command);
            String answer = out.readLine();
            assertThat(answer).as("answer to " + command).isNotNull();
            return answer.split(" ");
        }

        /** The value B reads now with {@code how} ("read" or "query"); an error answer reads again. */
        int read(String how, int id) throws IOException {
            String[] answer = ask(how + " " + id);
            return answer[0].equals("error") ? read(how, id) : Integer.parseInt(answer[1]);
        }

        /** Reads until the second of two reads is served from B's cache (its hit count grew); returns the value. */
        int cache(String how, int id) {
            int[] value = new int[1];
            await().atMost(FRESH_WITHIN).pollInterval(Duration.ofMillis(10)).until(() -> {
                String[] first = ask(how + " " + id);
                String[] second = ask(how + " " + id);
                if (!first[0].equals("value") || !second[0].equals("value")) {
                    return false;
                }
                value[0] = Integer.parseInt(second[1]);
                return Long.parseLong(second[2]) > Long.parseLong(first[2]);
            });
            return value[0];
        }

        /** Reads until B answers {@code value}; returns nanoseconds from {@code acknowledged}. */
        long awaitValue(String how, int id, int value, long acknowledged) throws IOException {
            long deadline = acknowledged + FRESH_WITHIN.toNanos();
            while (true) {
                int seen = read(how, id);
                if (seen == value) {
                    return System.nanoTime() - acknowledged;
                }
                assertThat(System.nanoTime()).as("B still serves " + seen + " instead of " + value)
                        .isLessThan(deadline);
            }
        }

        /** received, reconnects, connected (1/0), reads answered as misses while the bus was down. */
        long[] bus() throws IOException {
            String[] answer = ask("bus");
            return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2]),
                    Boolean.parseBoolean(answer[3]) ? 1 : 0, Long.parseLong(answer[4])};
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
