package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.hibernate.CacheMode;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Updates race loads of the same rows, starting from a cold cache each round (so loads and their
 * putFromLoad really interleave with soft locks and commits). After every round, what a new session reads
 * through the cache must equal the database row: no stale entry may be left readable.
 */
class ReadWriteRaceTest {
    private static final int ROWS = 3;
    private static final int ROUNDS = 20;
    private static final int WRITERS = 3;
    private static final int READERS = 4;
    private static final int WRITES_PER_ROUND = 8;
    private static final int READS_PER_ROUND = 25;

    private static SessionFactory sf;

    @BeforeAll
    static void start() {
        sf = TestFactories.build(TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "jakarta.persistence.lock.timeout", "5000"), Stock.class, VersionedStock.class);
        sf.inTransaction(s -> {
            for (long id = 1; id <= ROWS; id++) {
                s.persist(new Stock(id, 0));
                s.persist(new VersionedStock(id, 0));
            }
        });
    }

    @AfterAll
    static void stop() {
        sf.close();
    }

    @Test
    void updatesRacingLoads_unversioned_leaveNothingStale() throws Exception {
        race("stock", id -> sf.fromSession(s -> s.find(Stock.class, id).getQuantity()),
                (id, value) -> sf.inTransaction(s -> s.find(Stock.class, id).setQuantity(value)));
    }

    @Test
    void updatesRacingLoads_versioned_leaveNothingStale() throws Exception {
        race("versioned_stock", id -> sf.fromSession(s -> s.find(VersionedStock.class, id).getQuantity()),
                (id, value) -> sf.inTransaction(s -> s.find(VersionedStock.class, id).setQuantity(value)));
    }

    private interface Writer {
        void write(long id, long value);
    }

    private void race(String table, LongFunction<Long> cachedRead, Writer writer) throws Exception {
        Statistics stats = sf.getStatistics();
        stats.clear();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                sf.getCache().evictAllRegions(); // cold: every first read of the round loads and puts
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> work = new ArrayList<>();
                long base = round * 1_000_000L;
                for (int w = 0; w < WRITERS; w++) {
                    long writerBase = base + w * 1_000L;
                    work.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < WRITES_PER_ROUND; i++) {
                            long id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
                            try {
                                writer.write(id, writerBase + i);
                            } catch (RuntimeException lostRace) {
                                // optimistic lock failure or lock timeout: the database refused the
                                // write, which is fine; what matters is what the cache says afterwards
                            }
                        }
                        return null;
                    }));
                }
                for (int r = 0; r < READERS; r++) {
                    work.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < READS_PER_ROUND; i++) {
                            cachedRead.apply(1 + ThreadLocalRandom.current().nextInt(ROWS));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
                for (long id = 1; id <= ROWS; id++) {
                    long inDatabase = databaseValue(table, id);
                    assertThat(cachedRead.apply(id)).as("round %d, row %d: read through the cache", round, id)
                            .isEqualTo(inDatabase);
                    assertThat(cachedRead.apply(id)).as("round %d, row %d: second read", round, id)
                            .isEqualTo(inDatabase);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stats.getSecondLevelCacheHitCount()).as("the race exercised cache hits").isPositive();
        assertThat(stats.getSecondLevelCachePutCount()).as("the race exercised cache puts").isPositive();
    }

    private static long databaseValue(String table, long id) {
        return sf.fromSession(s -> {
            s.setCacheMode(CacheMode.IGNORE);
            return ((Number) s.createNativeQuery("select quantity from " + table + " where id = :id", Long.class)
                    .setParameter("id", id).getSingleResult()).longValue();
        });
    }
}
