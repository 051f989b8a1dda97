package org.stratacache.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.SqlDialect;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/** The JDBC table writer against PostgreSQL: ON CONFLICT upserts, dead letters, a server stop and restart. */
class PostgresWriteBehindTest {
    private UrlDataSource ds;

    @BeforeEach
    void database() throws SQLException {
        ds = Postgres.connectOrSkip();
        execute("DROP TABLE IF EXISTS wb_counters");
        execute("CREATE TABLE wb_counters (name VARCHAR(20) PRIMARY KEY, hits BIGINT NOT NULL CHECK (hits >= 0))");
    }

    private static WriteBehindSettings settings() {
        return WriteBehindSettings.defaults().toBuilder().batchSize(100).maxDelay(Duration.ofMillis(20))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).closeTimeout(Duration.ofSeconds(30)).build();
    }

    private static TableRow counter(String name, long hits) {
        return TableRow.of(List.of("name", "hits"), List.of(name, hits));
    }

    @Test
    void upsertAndDelete_withOneRefusedRowDeadLettered() throws Exception {
        List<PendingWrite<List<?>, TableRow>> dead = new CopyOnWriteArrayList<>();
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "wb_counters").upsert("name").build();
        try (WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("pg-counters", writer, settings(),
                (name, w, e) -> dead.add(w), null)) {
            for (int i = 0; i < 500; i++) {
                q.put(List.of("c" + i), counter("c" + i, i == 250 ? -5 : i));
            }
            q.flush();
            for (int i = 0; i < 100; i++) {
                q.put(List.of("c" + i), counter("c" + i, 7));
            }
            q.delete(List.of("c499"));
            q.flush();
            assertThat(writer.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        }
        assertThat(dead).extracting(w -> (Object) w.key().get(0)).containsExactly("c250");
        assertThat(count("SELECT COUNT(*) FROM wb_counters")).isEqualTo(498);
        assertThat(count("SELECT COUNT(*) FROM wb_counters WHERE hits = 7")).isEqualTo(100);
    }

    @Test
    void insertIfAbsent_batchWrittenTwiceInsertsEachRowOnce() throws Exception {
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "wb_counters").insertIfAbsent("name").build();
        List<PendingWrite<List<?>, TableRow>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(PendingWrite.put(JdbcTableWriter.appendKey(), counter("c" + i, i), i));
        }
        writer.write(batch);
        execute("UPDATE wb_counters SET hits = 1000 WHERE name = 'c7'");
        writer.write(batch);
        writer.close();
        assertThat(count("SELECT COUNT(*) FROM wb_counters")).isEqualTo(100);
        assertThat(count("SELECT hits FROM wb_counters WHERE name = 'c7'")).isEqualTo(1000);
    }

    @Test
    void retry_whilePostgresIsStoppedThenEverythingWrittenAfterRestart() throws Exception {
        JdbcTableWriter writer = JdbcTableWriter.builder(ds, "wb_counters").upsert("name").build();
        WriteBehind<List<?>, TableRow> q = new WriteBehindQueue<>("pg-outage", writer, settings(),
                DeadLetterSink.logging(), null);
        for (int i = 0; i < 100; i++) {
            q.put(List.of("c" + i), counter("c" + i, i));
        }
        q.flush();

        Postgres.control("stop");
        try {
            for (int i = 100; i < 300; i++) {
                q.put(List.of("c" + i), counter("c" + i, i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> q.stats().retries() >= 2);
            assertThat(q.stats().queueDepth()).isEqualTo(200);
            assertThat(q.stats().deadLetters()).isZero();
        } finally {
            Postgres.control("start-again");
        }
        assertThat(q.flush(Duration.ofSeconds(60))).isTrue();
        q.close();
        assertThat(count("SELECT COUNT(*) FROM wb_counters")).isEqualTo(300);
        assertThat(count("SELECT SUM(hits) FROM wb_counters")).isEqualTo(299L * 300 / 2);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
