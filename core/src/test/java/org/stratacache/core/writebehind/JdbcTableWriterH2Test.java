package org.stratacache.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.SqlDialect;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

class JdbcTableWriterH2Test {
    private static final AtomicInteger DB = new AtomicInteger();
    private UrlDataSource ds;

    @BeforeEach
    void database() throws SQLException {
        ds = H2.memory("wb" + DB.incrementAndGet());
        ds.execute("CREATE TABLE counters (name VARCHAR(20), bucket INT, hits BIGINT NOT NULL CHECK (hits >= 0), "
                + "note VARCHAR(8), PRIMARY KEY (name, bucket))");
        ds.execute("CREATE TABLE page_views (view_id VARCHAR(36) PRIMARY KEY, url VARCHAR(100))");
    }

    private static WriteBehindSettings.Builder settings() {
        return WriteBehindSettings.defaults().toBuilder().batchSize(50).maxDelay(Duration.ofMillis(20))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    private static TableRow counter(String name, int bucket, long hits) {
        return TableRow.of(List.of("name", "bucket", "hits"), List.of(name, bucket, hits));
    }

    @Test
    void upsert_writesLatestStateAndDeletesByKey() throws Exception {
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "counters").upsert("name", "bucket").build();
        try (WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("counters", writer, settings().build(),
                DeadLetterSink.logging(), null)) {
            for (int i = 0; i < 300; i++) {
                TableRow row = counter("page" + (i % 30), i % 2, i);
                q.put(writer.keyOf(row), row);
            }
            q.flush();
            q.put(List.of("page0", 0), counter("page0", 0, 1_000));
            q.delete(List.of("page1", 1));
            q.flush();
            assertThat(writer.dialect()).isEqualTo(SqlDialect.H2);
        }
        assertThat(ds.queryLong("SELECT COUNT(*) FROM counters")).isEqualTo(29);
        assertThat(ds.queryLong("SELECT hits FROM counters WHERE name = 'page0' AND bucket = 0")).isEqualTo(1_000);
        assertThat(ds.queryLong("SELECT hits FROM counters WHERE name = 'page29' AND bucket = 1")).isEqualTo(299);
        assertThat(ds.queryLong("SELECT COUNT(*) FROM counters WHERE name = 'page1'")).isZero();
    }

    @Test
    void appendOnlyWithId_batchWrittenTwiceInsertsEachRowOnce() throws Exception {
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "page_views").appendOnly("view_id").build();
        List<PendingWrite<List<?>, TableRow>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(PendingWrite.put(JdbcTableWriter.appendKey(), TableRow.of(Map.of("url", "/p/" + i)), i));
        }
        writer.write(batch);
        writer.write(batch); // a retry after a commit whose acknowledgement was lost, or a journal replay
        writer.close();
        assertThat(ds.queryLong("SELECT COUNT(*) FROM page_views")).isEqualTo(100);
    }

    @Test
    void insertIfAbsent_batchWrittenTwiceInsertsEachRowOnce_andNeverOverwritesAChangedRow() throws Exception {
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "page_views").insertIfAbsent("view_id").build();
        List<PendingWrite<List<?>, TableRow>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(PendingWrite.put(JdbcTableWriter.appendKey(),
                    TableRow.of(List.of("view_id", "url"), List.of("v" + i, "/p/" + i)), i));
        }
        writer.write(batch);
        ds.execute("UPDATE page_views SET url = '/changed' WHERE view_id = 'v7'");
        writer.write(batch); // a journal replay of rows committed before a crash
        writer.close();
        assertThat(ds.queryLong("SELECT COUNT(*) FROM page_views")).isEqualTo(100);
        assertThat(ds.queryLong("SELECT COUNT(*) FROM page_views WHERE url = '/changed'"))
                .as("the replay left the row changed since alone").isEqualTo(1);
    }

    @Test
    void insertIfAbsent_rowWithoutTheKeyColumns_isAPlainInsert() throws Exception {
        ds.execute("CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(10))");
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "events").insertIfAbsent("\"ID\"").build();
        List<PendingWrite<List<?>, TableRow>> batch = List.of(
                PendingWrite.put(JdbcTableWriter.appendKey(), TableRow.of(List.of("what"), List.of("a")), 0),
                PendingWrite.put(JdbcTableWriter.appendKey(), TableRow.of(List.of("id", "what"), List.of(100L, "b")), 1));
        writer.write(batch);
        writer.write(batch);
        writer.close();
        assertThat(ds.queryLong("SELECT COUNT(*) FROM events WHERE what = 'a'")).as("no key: inserted twice").isEqualTo(2);
        assertThat(ds.queryLong("SELECT COUNT(*) FROM events WHERE what = 'b'")).isEqualTo(1);
    }

    @Test
    void appendOnly_plainInsertsAndRefusesDeletes() throws Exception {
        List<PendingWrite<List<?>, TableRow>> dead = new CopyOnWriteArrayList<>();
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "page_views").appendOnly().build();
        try (WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("views", writer, settings().build(),
                (name, w, e) -> dead.add(w), null)) {
            for (int i = 0; i < 10; i++) {
                TableRow row = TableRow.of(List.of("view_id", "url"), List.of("v" + i, "/x"));
                q.put(writer.keyOf(row), row);
            }
            q.delete(List.of("v1"));
            q.flush();
        }
        assertThat(ds.queryLong("SELECT COUNT(*) FROM page_views")).isEqualTo(10);
        assertThat(dead).hasSize(1).allSatisfy(w -> assertThat(w.isDelete()).isTrue());
    }

    @Test
    void deadLetter_oneBadRowAmongGoodOnesIsIsolatedAndTheRestWritten() throws Exception {
        List<String> deadKeys = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "counters").upsert("name", "bucket").build();
        WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("counters", writer,
                settings().batchSize(200).maxDelay(Duration.ofHours(1)).build(), (name, w, e) -> {
            deadKeys.add(w.key().toString());
            errors.add(e);
        }, null);
        for (int i = 0; i < 200; i++) {
            TableRow row = counter("c" + i, 0, i == 123 ? -1 : i); // CHECK (hits >= 0) refuses row 123
            q.put(writer.keyOf(row), row);
        }
        q.flush();
        q.close();

        assertThat(deadKeys).containsExactly("[c123, 0]");
        assertThat(BatchWriter.defaultClassification(errors.get(0))).isEqualTo(BatchWriter.Failure.PERMANENT);
        assertThat(ds.queryLong("SELECT COUNT(*) FROM counters")).isEqualTo(199);
        assertThat(q.stats().deadLetters()).isEqualTo(1);
        assertThat(q.stats().rowsWritten()).isEqualTo(199);
        assertThat(q.stats().retries()).isZero();
    }

    @Test
    void deadLetter_valueTooLongIsADataErrorNotRetried() throws Exception {
        List<PendingWrite<List<?>, TableRow>> dead = new CopyOnWriteArrayList<>();
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "counters").upsert("name", "bucket").build();
        try (WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("counters", writer,
                settings().batchSize(10).build(), (name, w, e) -> dead.add(w), null)) {
            for (int i = 0; i < 10; i++) {
                TableRow row = TableRow.of(List.of("name", "bucket", "hits", "note"),
                        List.of("n" + i, 1, 1L, i == 4 ? "far too long for eight" : "ok"));
                q.put(writer.keyOf(row), row);
            }
            q.flush();
        }
        assertThat(dead).extracting(w -> (Object) w.key().get(0)).containsExactly("n4");
        assertThat(ds.queryLong("SELECT COUNT(*) FROM counters")).isEqualTo(9);
    }

    @Test
    void retry_whileH2IsDownThenWritesEverythingOnceItIsBack(@TempDir Path dir) throws Exception {
        try (H2TcpDatabase h2 = new H2TcpDatabase(dir)) {
            h2.execute("CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, hits BIGINT)");
            JdbcTableWriter writer = JdbcTableWriter.builder(h2.dataSource(), "counters").upsert("name").build();
            WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("outage", writer, settings().build(),
                    DeadLetterSink.logging(), null);
            for (int i = 0; i < 100; i++) {
                q.put(List.of("k" + i), TableRow.of(List.of("name", "hits"), List.of("k" + i, (long) i)));
            }
            q.flush();
            assertThat(h2.count("SELECT COUNT(*) FROM counters")).isEqualTo(100);

            h2.stop();
            for (int i = 50; i < 200; i++) {
                q.put(List.of("k" + i), TableRow.of(List.of("name", "hits"), List.of("k" + i, i * 10L)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> q.stats().retries() >= 3);
            assertThat(q.stats().queueDepth()).isEqualTo(150);
            assertThat(q.stats().deadLetters()).isZero();

            h2.start();
            assertThat(q.flush(Duration.ofSeconds(30))).isTrue();
            q.close();
            assertThat(h2.count("SELECT COUNT(*) FROM counters")).isEqualTo(200);
            assertThat(h2.count("SELECT SUM(hits) FROM counters")).isEqualTo(
                    sum(0, 50, 1) + sum(50, 200, 10));
        }
    }

    private static long sum(int from, int to, int factor) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += (long) i * factor;
        }
        return s;
    }
}
