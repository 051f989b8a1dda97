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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * The child JVM of the two-JVM tests ({@link InvalidationPeer}, "B"), driven line by line, and what those tests
 * share: the {@code xjvm} table's writes, store names, and the staleness report.
 */
final class PeerJvm implements AutoCloseable {
    /** Liveness bound only: the figures, not this, say how fast it is. */
    static final Duration FRESH_WITHIN = Duration.ofSeconds(30);
    private static int counter;

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final Path log;

    private PeerJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** B with invalidation mode {@code mode}, started once its bus is trusted. */
    static PeerJvm start(String store, String mode) throws IOException {
        return start(store, mode, Map.of(), List.of(), true);
    }

    /**
     * B with {@code env} added to its environment (STRATA_PG_URL, STRATA_PG_USER), {@code jvmOptions} (system
     * properties: strata.* keys), and — when {@code awaitBus} is false — started without waiting for its bus.
     */
    static PeerJvm start(String store, String mode, Map<String, String> env, List<String> jvmOptions,
                         boolean awaitBus) throws IOException {
        Path log = Path.of("target", "peer-" + store + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of(InvalidationPeer.class.getName(), store, mode));
        if (!awaitBus) {
            command.add(InvalidationPeer.NO_WAIT);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(env);
        PeerJvm peer = new PeerJvm(builder.start(), log);
        String ready = peer.out.readLine();
        assertThat(ready).as("the peer started (its log: " + log + ")").isEqualTo("READY");
        return peer;
    }

    /** What B wrote to its standard error (its log) so far. */
    String log() throws IOException {
        return Files.readString(log);
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

    /**
     * B's bus: received, reconnects, connected (1/0), reads uncached because the bus was down, commits decoded
     * from the slot, deliveries skipped as already applied, invalidate-alls.
     */
    long[] bus() throws IOException {
        String[] answer = ask("bus").split(" ");
        return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2]),
                Boolean.parseBoolean(answer[3]) ? 1 : 0, Long.parseLong(answer[4]), Long.parseLong(answer[5]),
                Long.parseLong(answer[6]), Long.parseLong(answer[7])};
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Ends B at once, as a crash would (no close of its buses). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    // ---- what the two-JVM tests share ----------------------------------------------------------------

    static synchronized int nextValue() {
        return ++counter + (int) (System.nanoTime() & 0xffff) * 1000;
    }

    static String store() {
        return "xjvm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void update(DataSource ds, int value) throws SQLException {
        try (Connection c = ds.getConnection()) {
            update(c, value);
        }
    }

    static void update(Connection c, int value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE xjvm SET v = ? WHERE id = 1")) {
            ps.setInt(1, value);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * {@code writes} updates of row 1 through {@code a}, every other one in auto-commit mode and the rest in a
     * transaction, each after {@code b} cached the row; the delay from each write's acknowledgement to {@code b}'s
     * first fresh read.
     */
    List<Long> delaysOfAlternatingWrites(DataSource a, int writes) throws Exception {
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i <= writes; i++) {
            cache(1);
            int value = nextValue();
            long acknowledged;
            if (i % 2 == 0) {
                update(a, value); // auto-commit: published right after, by the bus's publisher
                acknowledged = System.nanoTime();
            } else {
                try (Connection c = a.getConnection()) { // a transaction: published inside it
                    c.setAutoCommit(false);
                    update(c, value);
                    c.commit();
                    acknowledged = System.nanoTime();
                }
            }
            delays.add(awaitValue(1, value, acknowledged));
        }
        return delays;
    }

    static void report(String what, List<Long> delaysNanos) {
        List<Long> sorted = new ArrayList<>(delaysNanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        double max = sorted.get(sorted.size() - 1) / 1e6;
        System.out.printf(Locale.ROOT, "cross-JVM staleness, %s: %d writes, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what, sorted.size(), p50, p99, max);
    }
}
