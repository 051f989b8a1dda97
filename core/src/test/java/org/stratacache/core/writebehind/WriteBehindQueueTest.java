package org.stratacache.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.internal.writebehind.WriteBehindStatistics;

class WriteBehindQueueTest {
    private static final Duration LONG = Duration.ofHours(1);
    private final List<WriteBehind<?, ?>> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(WriteBehind::closeAndReport);
    }

    private static WriteBehindSettings.Builder settings() {
        return WriteBehindSettings.defaults().toBuilder()
                .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .closeTimeout(Duration.ofSeconds(10));
    }

    private <K, V> WriteBehind<K, V> queue(RecordingWriter<K, V> writer, WriteBehindSettings s) {
        return queue(writer, s, DeadLetterSink.logging());
    }

    private <K, V> WriteBehind<K, V> queue(RecordingWriter<K, V> writer, WriteBehindSettings s,
                                           DeadLetterSink<K, V> sink) {
        WriteBehind<K, V> q = new WriteBehindQueue<>("test-queue", writer, s, sink, null);
        open.add(q);
        return q;
    }

    @Test
    void put_coalescesRepeatedWritesOfOneKeyLatestWins() throws Exception {
        RecordingWriter<String, Integer> db = new RecordingWriter<>();
        WriteBehind<String, Integer> q = queue(db, settings().batchSize(1000).maxDelay(LONG).build());

        for (int i = 0; i < 100; i++) {
            q.put("a", i);
        }
        q.put("b", 1);
        q.put("c", 1);
        q.delete("c");
        q.delete("d");
        q.put("d", 4);
        q.flush();

        assertThat(db.allWrites()).extracting(PendingWrite::key).containsExactly("a", "b", "c", "d");
        assertThat(db.table).containsExactlyInAnyOrderEntriesOf(Map.of("a", 99, "b", 1, "d", 4));
        assertThat(db.allWrites().get(2).isDelete()).isTrue();
        assertThat(q.stats().coalesced()).isEqualTo(99 + 1 + 1);
        assertThat(q.stats().rowsWritten()).isEqualTo(4);
    }

    @Test
    void put_keepsPerKeyOrderUnderConcurrentWriters() throws Exception {
        Map<Integer, List<Integer>> seenByKey = new ConcurrentHashMap<>();
        RecordingWriter<Integer, Integer> db = new RecordingWriter<>() {
            @Override
            public void write(List<PendingWrite<Integer, Integer>> batch) throws Exception {
                super.write(batch);
                batch.forEach(w -> seenByKey.computeIfAbsent(w.key(), k -> new CopyOnWriteArrayList<>()).add(w.value()));
            }
        };
        WriteBehind<Integer, Integer> q = queue(db, settings().batchSize(7).maxDelay(Duration.ofMillis(1))
                .capacity(50).build());
        int threads = 8;
        int keysPerThread = 4;
        int writesPerKey = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < writesPerKey; i++) {
                    for (int k = 0; k < keysPerThread; k++) {
                        q.put(thread * keysPerThread + k, i);
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        q.flush();

        assertThat(seenByKey).hasSize(threads * keysPerThread);
        seenByKey.forEach((key, values) -> {
            assertThat(values).as("values of key %s in commit order", key).isSorted().doesNotHaveDuplicates();
            assertThat(values.get(values.size() - 1)).isEqualTo(writesPerKey - 1);
        });
        assertThat(q.stats().queueDepth()).isZero();
    }

    @Test
    void concurrentPutsDeletesAndFlushes_withFlakyDatabase_endInTheLastStateOfEveryKey() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
        RecordingWriter<Integer, Long> db = new RecordingWriter<>() {
            @Override
            public void write(List<PendingWrite<Integer, Long>> batch) throws Exception {
                if (attempt.incrementAndGet() % 5 == 0) {
                    throw new java.sql.SQLTransientConnectionException("flaky (test)", "08006");
                }
                super.write(batch);
            }
        };
        WriteBehind<Integer, Long> q = queue(db, settings().batchSize(16).maxDelay(Duration.ofMillis(2))
                .capacity(64).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build());
        int threads = 6;
        int keysPerThread = 20;
        Map<Integer, Long> model = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(thread);
                for (int i = 0; i < 3_000; i++) {
                    int key = thread * keysPerThread + random.nextInt(keysPerThread);
                    if (random.nextInt(4) == 0) {
                        q.delete(key);
                        model.remove(key);
                    } else {
                        long value = (long) thread << 32 | i;
                        q.put(key, value);
                        model.put(key, value);
                    }
                    if (i % 1_000 == 999) {
                        q.flush();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        q.flush();

        assertThat(db.table).isEqualTo(model);
        assertThat(q.stats().retries()).isPositive();
        assertThat(q.stats().queueDepth()).isZero();
    }

    @Test
    void put_blocksWhileQueueFullThenThrowsNamingQueueAndCapacity() throws Exception {
        RecordingWriter<Integer, String> db = new RecordingWriter<>();
        db.gate = new CountDownLatch(1);
        WriteBehind<Integer, String> q = queue(db, settings().batchSize(5).maxDelay(LONG).capacity(10)
                .offerTimeout(Duration.ofMillis(200)).build());
        for (int i = 0; i < 5; i++) {
            q.put(i, "v");
        }
        assertThat(db.entered.await(10, TimeUnit.SECONDS)).isTrue(); // first batch in flight, blocked
        for (int i = 5; i < 15; i++) {
            q.put(i, "v"); // fills the queue
        }
        q.put(7, "coalesced"); // a queued key takes no room

        assertThatThrownBy(() -> q.put(99, "v"))
                .isInstanceOf(WriteBehindFullException.class)
                .hasMessageContaining("'test-queue'")
                .hasMessageContaining("10 pending keys")
                .hasMessageContaining("NOT queued");
        assertThat(q.stats().fullRejections()).isEqualTo(1);
        assertThat(q.pending(99)).isEmpty();

        db.gate.countDown();
        q.flush();
        assertThat(db.table).hasSize(15).containsEntry(7, "coalesced");
    }

    @Test
    void put_blockedByFullQueueProceedsOnceRoomFrees() throws Exception {
        RecordingWriter<Integer, String> db = new RecordingWriter<>();
        db.gate = new CountDownLatch(1);
        WriteBehind<Integer, String> q = queue(db, settings().batchSize(2).maxDelay(LONG).capacity(2)
                .offerTimeout(Duration.ofSeconds(30)).build());
        q.put(1, "a");
        q.put(2, "b");
        assertThat(db.entered.await(10, TimeUnit.SECONDS)).isTrue();
        q.put(3, "c");
        q.put(4, "d");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> blocked = pool.submit(() -> q.put(5, "e"));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !blocked.isDone());

        db.gate.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        q.flush();
        assertThat(db.table).hasSize(5);
    }

    @Test
    void pending_overlaysQueuedPutsAndDeletes() throws Exception {
        RecordingWriter<String, String> db = new RecordingWriter<>();
        db.table.put("stored", "from-db");
        db.table.put("gone", "from-db");
        WriteBehind<String, String> q = queue(db, settings().maxDelay(LONG).build());
        q.put("new", "queued");
        q.delete("gone");

        assertThat(q.get("new", db.table::get)).isEqualTo("queued");
        assertThat(q.get("gone", db.table::get)).isNull();
        assertThat(q.get("stored", db.table::get)).isEqualTo("from-db");
        assertThat(q.pending("gone")).get().extracting(PendingWrite::isDelete).isEqualTo(true);
        assertThat(q.pending("stored")).isEmpty();
        q.flush();
        assertThat(q.pending("new")).isEmpty();
        assertThat(q.get("new", db.table::get)).isEqualTo("queued");
        assertThat(q.get("gone", db.table::get)).isNull();
    }

    @Test
    void flusher_writesByBatchSizeAndByMaxDelay() {
        RecordingWriter<Integer, Integer> bySize = new RecordingWriter<>();
        WriteBehind<Integer, Integer> sized = queue(bySize, settings().batchSize(10).maxDelay(LONG).build());
        for (int i = 0; i < 25; i++) {
            sized.put(i, i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bySize.committedBatches.size() == 2);
        assertThat(bySize.committedBatches).allSatisfy(b -> assertThat(b).hasSize(10));
        assertThat(sized.stats().queueDepth()).isEqualTo(5);

        RecordingWriter<Integer, Integer> byDelay = new RecordingWriter<>();
        WriteBehind<Integer, Integer> delayed = new WriteBehindQueue<>("delayed", byDelay,
                settings().batchSize(1000).maxDelay(Duration.ofMillis(50)).build(), DeadLetterSink.logging(), null);
        open.add(delayed);
        delayed.put(1, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> byDelay.table.containsKey(1));
    }

    @Test
    void write_transientFailuresRetriedWholeWithBackoff() throws Exception {
        RecordingWriter<Integer, Integer> db = new RecordingWriter<>();
        db.transientFailures.set(3);
        WriteBehind<Integer, Integer> q = queue(db, settings().batchSize(100).maxDelay(LONG).build());
        for (int i = 0; i < 50; i++) {
            q.put(i, i);
        }
        q.flush();

        WriteBehindStats s = q.stats();
        assertThat(s.retries()).isEqualTo(3);
        assertThat(s.batches()).isEqualTo(1);
        assertThat(db.committedBatches.get(0)).hasSize(50);
        assertThat(db.table).hasSize(50);
        assertThat(s.deadLetters()).isZero();
    }

    @Test
    void write_permanentFailureIsolatesRefusedWriteByBinarySplit() throws Exception {
        RecordingWriter<Integer, Integer> db = new RecordingWriter<>();
        db.refused = w -> w.key() == 37 || w.key() == 38;
        List<PendingWrite<Integer, Integer>> dead = new CopyOnWriteArrayList<>();
        WriteBehind<Integer, Integer> q = queue(db, settings().batchSize(100).maxDelay(LONG).build(),
                (name, w, e) -> dead.add(w));
        for (int i = 0; i < 100; i++) {
            q.put(i, i);
        }
        q.flush();

        assertThat(dead).extracting(PendingWrite::key).containsExactly(37, 38);
        assertThat(db.table).hasSize(98).doesNotContainKeys(37, 38);
        assertThat(q.stats().deadLetters()).isEqualTo(2);
        assertThat(q.stats().rowsWritten()).isEqualTo(98);
        assertThat(q.stats().retries()).isZero();
        assertThat(q.stats().queueDepth()).isZero();
    }

    @Test
    void close_flushesEverythingQueued() {
        RecordingWriter<Integer, Integer> db = new RecordingWriter<>();
        WriteBehind<Integer, Integer> q = queue(db, settings().batchSize(64).maxDelay(LONG).build());
        for (int i = 0; i < 1000; i++) {
            q.put(i, i);
        }
        q.close();
        assertThat(db.table).hasSize(1000);
        assertThatThrownBy(() -> q.put(1, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'test-queue' is closed");
    }

    @Test
    void close_reportsWhatItCouldNotWriteWhenTheDatabaseStaysDown() {
        RecordingWriter<Integer, Integer> db = new RecordingWriter<>();
        db.transientFailures.set(Integer.MAX_VALUE);
        WriteBehind<Integer, Integer> q = queue(db, settings().batchSize(4).maxDelay(LONG)
                .closeTimeout(Duration.ofMillis(300)).build());
        for (int i = 0; i < 10; i++) {
            q.put(i, i);
        }
        assertThatThrownBy(q::close).isInstanceOf(WriteBehindCloseException.class)
                .hasMessageContaining("'test-queue' closed with 10 write(s) not written")
                .satisfies(e -> assertThat(((WriteBehindCloseException) e).report().unwritten())
                        .extracting(w -> (Integer) w.key()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(db.table).isEmpty();
        assertThat(q.stats().retries()).isPositive();
    }

    @Test
    void regionStoreClose_flushesItsWriteBehindQueues() throws Exception {
        RecordingWriter<String, String> db = new RecordingWriter<>();
        RegionStore store = RegionStore.builder().setting("strata.write-behind.max-delay", "1h").build();
        WriteBehind<String, String> q = store.writeBehind("sessions", db);
        q.put("s1", "alice");
        q.put("s2", "bob");
        assertThatThrownBy(() -> store.writeBehind("sessions", new RecordingWriter<String, String>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'sessions' is already open");
        store.close();

        assertThat(db.table).containsOnly(Map.entry("s1", "alice"), Map.entry("s2", "bob"));
    }

    @Test
    void regionStore_journalDirFromConfigAndStatsOverJmx(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = WriteBehindStatistics.objectName("wb-store", "page views");
        RecordingWriter<String, String> down = new RecordingWriter<>();
        down.transientFailures.set(Integer.MAX_VALUE);
        Map<String, String> config = Map.of("strata.store.name", "wb-store", "strata.statistics.jmx", "true",
                "strata.write-behind.journal.dir", dir.toString(), "strata.write-behind.close-timeout", "200ms",
                "strata.write-behind.retry.initial-backoff", "10ms", "strata.write-behind.retry.max-backoff", "20ms",
                "strata.write-behind.max-delay", "1h");
        try (RegionStore store = RegionStore.fromProperties(config)) {
            WriteBehind<String, String> q = store.writeBehind("page views", down);
            q.put("/home", "1");
            q.put("/home", "2");
            assertThat(server.getAttribute(name, "QueueDepth")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "Coalesced")).isEqualTo(1L);
        } // the close reports the unwritten write (logged); it stays in the journal
        assertThat(server.isRegistered(name)).isFalse();

        RecordingWriter<String, String> db = new RecordingWriter<>();
        try (RegionStore store = RegionStore.fromProperties(config)) {
            store.writeBehind("page views", db).flush();
        }
        assertThat(db.table).containsOnly(Map.entry("/home", "2"));
    }

    @Test
    void settings_readFromStrataKeysAndValidated() {
        WriteBehindSettings s = WriteBehindSettings.from(StrataConfig.of(Map.of(
                "strata.write-behind.batch-size", "250",
                "strata.write-behind.max-delay", "250ms",
                "strata.write-behind.queue-capacity", "1000",
                "strata.write-behind.journal.dir", "/tmp/j",
                "strata.write-behind.journal.fsync", "interval")));
        assertThat(s.batchSize()).isEqualTo(250);
        assertThat(s.maxDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.capacity()).isEqualTo(1000);
        assertThat(s.journaled()).isTrue();
        assertThat(s.fsyncPerGroup()).isFalse();
        assertThat(WriteBehindSettings.defaults().journaled()).isFalse();

        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.write-behind.batch-size", "0")))
                .isInstanceOf(StrataConfigException.class).hasMessageContaining("strata.write-behind.batch-size");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.write-behind.journal.fsync", "sometimes")))
                .isInstanceOf(StrataConfigException.class).hasMessageContaining("group, interval");
        assertThatThrownBy(() -> settings().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    }
}
