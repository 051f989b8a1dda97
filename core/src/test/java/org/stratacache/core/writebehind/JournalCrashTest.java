package org.stratacache.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.testsupport.ChildJvm;
import org.stratacache.testsupport.ProcessLines;

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

            Path childStderr = dir.resolve("child-stderr.txt");
            Process child = ChildJvm.of(JournalCrashChild.class).jvmArgs("-Xmx128m")
                    .args(h2.url(), journal.toString(), String.valueOf(ROWS)).stderrTo(childStderr).start();
            try {
                String acked = ProcessLines.of(child).awaitStartingWith("ACKED ", Duration.ofSeconds(120));
                assertThat(acked).as("the child's answer; its stderr: %s", Files.readString(childStderr))
                        .isEqualTo("ACKED " + ROWS);
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            // The database outlives the client, as a real one does; restarting it closes the server side of the
            // killed child's sessions (and rolls back what they left open) now, not whenever the server notices
            // the dead sockets, so what follows reads and writes a database with no half-gone session in it.
            h2.stop();
            h2.start();
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
            // CI has seen SUM(hits) = 0 right after COUNT(*) = 1,000 (twice in some 40 runs): the message says what
            // a scan sees against the row count H2 keeps, and whether some session still holds uncommitted changes
            assertThat(h2.count("SELECT SUM(hits) FROM counters"))
                    .as("sum of hits; rows below 1,000,000: %d, at or above: %d, null: %d; COUNT(*) now %d, "
                                    + "COUNT(name) (a scan) %d; sessions holding uncommitted changes: %d of %d",
                            h2.count("SELECT COUNT(*) FROM counters WHERE hits < 1000000"),
                            h2.count("SELECT COUNT(*) FROM counters WHERE hits >= 1000000"),
                            h2.count("SELECT COUNT(*) FROM counters WHERE hits IS NULL"),
                            h2.count("SELECT COUNT(*) FROM counters"),
                            h2.count("SELECT COUNT(name) FROM counters"),
                            h2.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED"),
                            h2.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"))
                    .isEqualTo(expectedHits);
            try (var files = Files.walk(journal)) {
                assertThat(files.filter(p -> p.toString().endsWith(".wbj"))).isEmpty();
            }
        }
    }
}
