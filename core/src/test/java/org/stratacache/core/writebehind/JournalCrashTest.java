package org.stratacache.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;

/**
 * A JVM that acknowledged writes in journal mode is killed with SIGKILL; reopening the queues replays the
 * journal, and the database ends with exactly the acknowledged rows: none lost, none doubled.
 */
class JournalCrashTest {
    private static final int ROWS = 1_000;

    @TempDir
    Path dir;

    @Test
    void kill9_losesNoAcknowledgedWriteAndReplayDoublesNothing() throws Exception {
        try (H2TcpDatabase h2 = new H2TcpDatabase(dir.resolve("db"))) {
            h2.execute("CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, hits BIGINT NOT NULL)");
            h2.execute("CREATE TABLE page_views (view_id VARCHAR(36) PRIMARY KEY, url VARCHAR(100) NOT NULL)");
            Path journal = dir.resolve("journal");

            Process child = startChild(h2.url(), journal);
            try {
                String acked = awaitLine(child, "ACKED ");
                assertThat(acked).isEqualTo("ACKED " + ROWS);
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long committedBeforeReplay = h2.count("SELECT COUNT(*) FROM page_views");
            assertThat(committedBeforeReplay).as("the crash left part of the writes only in the journal")
                    .isLessThan(ROWS);

            WriteBehindQueue<List<?>, TableRow> counters = JournalCrashChild.open("counters",
                    JdbcTableWriter.builder(JournalCrashChild.dataSource(h2.url()), "counters").upsert("name").build(),
                    journal, true);
            WriteBehindQueue<List<?>, TableRow> views = JournalCrashChild.open("views",
                    JdbcTableWriter.builder(JournalCrashChild.dataSource(h2.url()), "page_views")
                            .appendOnly("view_id").build(), journal, false);
            assertThat(counters.stats().queueDepth() + views.stats().queueDepth()).isPositive();
            counters.close();
            views.close();

            assertThat(h2.count("SELECT COUNT(*) FROM counters")).isEqualTo(ROWS);
            assertThat(h2.count("SELECT COUNT(*) FROM page_views")).isEqualTo(ROWS);
            assertThat(h2.count("SELECT COUNT(DISTINCT url) FROM page_views")).isEqualTo(ROWS);
            long expectedHits = 0;
            for (int i = 0; i < ROWS; i++) {
                expectedHits += i % 2 == 0 ? i + 1_000_000L : i;
            }
            assertThat(h2.count("SELECT SUM(hits) FROM counters")).isEqualTo(expectedHits);
            try (var files = Files.walk(journal)) {
                assertThat(files.filter(p -> p.toString().endsWith(".wbj"))).isEmpty();
            }
        }
    }

    private Process startChild(String url, Path journal) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xmx128m");
        command.add(JournalCrashChild.class.getName());
        command.add(url);
        command.add(journal.toString());
        command.add(String.valueOf(ROWS));
        return new ProcessBuilder(command).redirectError(dir.resolve("child-stderr.txt").toFile()).start();
    }

    /** The first line of the child's output that starts with {@code prefix}; fails after a bounded wait. */
    private String awaitLine(Process child, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                return "child exited: " + Files.readString(dir.resolve("child-stderr.txt"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(120, TimeUnit.SECONDS);
    }
}
