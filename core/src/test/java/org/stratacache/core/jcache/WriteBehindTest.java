package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
    private static final Duration LONG = Duration.ofHours(1);

    private CacheManager manager;
    private RecordingWriter writer;

    @BeforeEach
    void setUp() {
        manager = Caching.getCachingProvider(StrataCachingProvider.class.getName())
                .getCacheManager(URI.create("strata://write-behind-" + UUID.randomUUID()), null);
        writer = new RecordingWriter();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @SuppressWarnings("unchecked")
    private StrataCache<String, String> cache(StrataConfiguration<String, String> config) {
        config.setTypes(String.class, String.class);
        config.setCacheWriterFactory(FactoryBuilder.factoryOf(writer));
        config.setWriteThrough(true);
        return manager.createCache("orders", config).unwrap(StrataCache.class);
    }

    @Test
    void put_writerBlocked_returnsWithoutWaitingForTheWriter() throws Exception {
        writer.gate = new CountDownLatch(1);
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 10, 100));

        cache.put("a", "1");
        cache.put("b", "2");

        assertThat(cache.get("a")).isEqualTo("1");
        writer.gate.countDown();
        cache.flushWriteBehind();
        assertThat(writer.state).containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void put_manyChangesOfOneKey_coalesceAndTheWriterEndsWithTheLatest() {
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(LONG, 100, 1000));

        for (int i = 0; i < 500; i++) {
            cache.put("k", "v" + i);
        }
        cache.remove("gone");
        cache.flushWriteBehind();

        assertThat(writer.state).containsEntry("k", "v499").doesNotContainKey("gone");
        assertThat(writer.writes.get()).isEqualTo(1);
        assertThat(writer.deletes.get()).isEqualTo(1);
    }

    @Test
    void putRemovePut_oneKey_writerSeesTheLastChange() {
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 1, 10));

        for (int round = 0; round < 50; round++) {
            cache.put("k", "v" + round);
            cache.remove("k");
            cache.put("k", "w" + round);
        }
        cache.flushWriteBehind();

        assertThat(writer.state).containsEntry("k", "w49");
    }

    @Test
    void writer_failsTwiceThenWorks_changesAreRetriedAndWritten() {
        writer.failuresLeft.set(2);
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 10, 100));

        cache.put("a", "1");
        cache.flushWriteBehind();

        assertThat(writer.state).containsEntry("a", "1");
        assertThat(cache.writeBehind().stats().deadLetters()).isZero();
    }

    @Test
    void writer_alwaysFails_changesBecomeCountedDeadLettersAndTheCacheKeepsWorking() {
        writer.failuresLeft.set(Integer.MAX_VALUE);
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 10, 100).writeBehindMaxAttempts(2));

        cache.put("a", "1");
        cache.put("b", "2");
        cache.flushWriteBehind();

        assertThat(cache.writeBehind().stats().deadLetters()).isEqualTo(2);
        assertThat(cache.get("a")).isEqualTo("1");
    }

    @Test
    void close_withChangesQueued_flushesThemToTheWriter() {
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(LONG, 1000, 10_000));
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "v" + i);
        }
        assertThat(writer.state).isEmpty();

        cache.close();

        assertThat(writer.state).hasSize(100).containsEntry("k99", "v99");
    }

    @Test
    void queue_smallerThanTheWork_callersWaitAndNothingIsDropped() throws Exception {
        writer.pauseMillis = 2;
        StrataCache<String, String> cache = cache(new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 2, 4));
        int threads = 4;
        int perThread = 50;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    cache.put("t" + thread + "-" + i, "v");
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        }
        cache.flushWriteBehind();

        assertThat(writer.state).hasSize(threads * perThread);
        assertThat(writer.maxBatch.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void readThrough_keyWithAQueuedDelete_isNotLoadedFromTheStaleSource() {
        StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
                .writeBehind(LONG, 100, 1000);
        config.setReadThrough(true);
        config.setCacheLoaderFactory(FactoryBuilder.factoryOf(new StaleLoader()));
        StrataCache<String, String> cache = cache(config);

        cache.put("k", "new");
        cache.remove("k");

        assertThat(cache.get("k")).isNull();
        assertThat(cache.get("other")).isEqualTo("stale:other");
    }

    @Test
    void createCache_writeBehindWithoutWriter_isRefused() {
        StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofSeconds(1), 10, 100);

        assertThatThrownBy(() -> manager.createCache("orders", config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write-behind");
    }

    @Test
    void writeBehind_badSettings_areRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StrataConfiguration<String, String>().writeBehind(Duration.ofSeconds(1), 10, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueCapacity");
    }

    /** A "database": the last state per key, the calls it got, optional failures, pauses and a gate. */
    static final class RecordingWriter implements CacheWriter<String, String>, java.io.Serializable {
        final Map<String, String> state = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger deletes = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger maxBatch = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate;
        volatile long pauseMillis;

        private void arrive(int batch) {
            maxBatch.accumulateAndGet(batch, Math::max);
            try {
                CountDownLatch g = gate;
                if (g != null && !g.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis); // a slow database, not synchronisation
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new IllegalStateException("database unavailable");
            }
        }

        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            arrive(1);
            writes.incrementAndGet();
            state.put(entry.getKey(), entry.getValue());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            arrive(entries.size());
            for (Cache.Entry<? extends String, ? extends String> e : entries) {
                writes.incrementAndGet();
                state.put(e.getKey(), e.getValue());
            }
            entries.clear();
        }

        @Override
        public void delete(Object key) {
            arrive(1);
            deletes.incrementAndGet();
            state.remove(key);
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            arrive(keys.size());
            for (Object key : keys) {
                deletes.incrementAndGet();
                state.remove(key);
            }
            keys.clear();
        }
    }

    static final class StaleLoader implements CacheLoader<String, String>, java.io.Serializable {
        @Override
        public String load(String key) {
            return "stale:" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> all = new java.util.HashMap<>();
            keys.forEach(k -> all.put(k, load(k)));
            return all;
        }
    }
}
