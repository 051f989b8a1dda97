package org.stratacache.core.writebehind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.testsupport.H2;

/**
 * The process {@link JournalCrashTest} kills: acknowledges writes in journal mode into two tables (upsert
 * and append-only with ids), prints {@code ACKED} and waits to be killed with SIGKILL. Batches are flushed
 * by size only, so when the kill comes some writes are committed and the rest are only in the journal.
 *
 * <p>Arguments: H2 JDBC URL, journal directory, number of rows.
 */
public final class JournalCrashChild {
    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path journal = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        WriteBehindQueue<List<?>, TableRow> counters = open("counters",
                JdbcTableWriter.builder(dataSource(url), "counters").upsert("name").build(), journal, true);
        WriteBehindQueue<List<?>, TableRow> views = open("views",
                JdbcTableWriter.builder(dataSource(url), "page_views").appendOnly("view_id").build(), journal, false);
        // Four writers share the per-group fsyncs of the counters journal (group commit).
        int writers = 4;
        Thread[] threads = new Thread[writers];
        for (int t = 0; t < writers; t++) {
            int slice = t;
            threads[t] = new Thread(() -> {
                for (int i = slice; i < rows; i += writers) {
                    counters.put(List.of("c" + i), counter(i, i));
                }
                for (int i = slice; i < rows; i += writers) {
                    if (i % 2 == 0) {
                        counters.put(List.of("c" + i), counter(i, i + 1_000_000L)); // the latest must win
                    }
                }
            });
            threads[t].start();
        }
        for (int i = 0; i < rows; i++) {
            views.put(JdbcTableWriter.appendKey(), TableRow.of(List.of("url"), List.of("/page/" + i)));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ACKED " + rows);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until SIGKILL
    }

    static TableRow counter(int i, long hits) {
        return TableRow.of(List.of("name", "hits"), List.of("c" + i, hits));
    }

    static WriteBehindQueue<List<?>, TableRow> open(String name, JdbcTableWriter writer, Path journal,
                                                   boolean fsyncPerGroup) {
        WriteBehindSettings settings = WriteBehindSettings.defaults().toBuilder()
                .batchSize(64).maxDelay(Duration.ofHours(1)).journalDir(journal).journalSegmentSize(8192)
                .fsync(fsyncPerGroup, Duration.ofMillis(50))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).closeTimeout(Duration.ofSeconds(30)).build();
        return new WriteBehindQueue<>(name, writer, settings, DeadLetterSink.logging(), null);
    }

    static DataSource dataSource(String url) {
        return H2.dataSource(url);
    }
}
