package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Randomized concurrency tests of the two promises the region makes under contention: one loader run per
 * key per wave of misses, and no value readable after an invalidation that happened during its load.
 */
class RegionConcurrencyTest {
    private static final int THREADS = 8;
    private final RegionStore store = RegionStore.builder().name("concurrency-test").build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);

    @AfterEach
    void close() {
        pool.shutdownNow();
        store.close();
    }

    @Test
    void get_missWaves_runOneLoadPerKeyPerWave() throws Exception {
        Region<Integer, String> region = store.region("waves");
        int waves = 2_000;
        int keys = 3;
        ConcurrentHashMap<Integer, AtomicInteger> loadsThisWave = new ConcurrentHashMap<>();
        // runs when every thread has finished the previous wave: a fresh wave of misses begins
        CyclicBarrier nextWave = new CyclicBarrier(THREADS, () -> {
            region.invalidateAll();
            loadsThisWave.clear();
        });
        AtomicInteger violations = new AtomicInteger();
        AtomicLong totalLoads = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int wave = 0; wave < waves; wave++) {
                    nextWave.await(10, TimeUnit.SECONDS);
                    int key = ThreadLocalRandom.current().nextInt(keys);
                    region.get(key, k -> {
                        totalLoads.incrementAndGet();
                        if (loadsThisWave.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                            violations.incrementAndGet();
                        }
                        Thread.yield(); // widen the window in which other threads miss
                        return "v" + k;
                    });
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(120, TimeUnit.SECONDS);
        }
        assertThat(violations).hasValue(0);
        assertThat(totalLoads.get()).isBetween((long) waves, (long) waves * keys);
    }

    @Test
    void get_invalidationsDuringLoads_neverLeaveAnOlderValueReadable() throws Exception {
        Region<Integer, Long> region = store.region("versions", RegionSettings.builder()
                .ttl(Duration.ofMinutes(5)).build());
        int tables = 4;
        int iterations = 5_000;
        // "database": one version per table; a write bumps it, then invalidates the table's tag
        AtomicLongArray database = new AtomicLongArray(tables);
        // the highest version per table whose invalidation has completed
        AtomicLongArray invalidated = new AtomicLongArray(tables);
        AtomicInteger staleReads = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < iterations; i++) {
                    int table = ThreadLocalRandom.current().nextInt(tables);
                    long version = database.incrementAndGet(table);
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        region.invalidate(table); // some writers invalidate by key, the rest by tag
                    } else {
                        region.invalidateTag("table-" + table);
                    }
                    invalidated.accumulateAndGet(table, version, Math::max);
                }
                return null;
            }));
        }
        for (int r = 0; r < THREADS - 2; r++) {
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < iterations * 2; i++) {
                    int table = ThreadLocalRandom.current().nextInt(tables);
                    long floor = invalidated.get(table);
                    AtomicInteger loaded = new AtomicInteger();
                    long value = region.get(table, List.of("table-" + table), k -> {
                        loaded.incrementAndGet();
                        long v = database.get(k);
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            Thread.yield(); // let writers overtake the load
                        }
                        return v;
                    });
                    if (loaded.get() == 0) {
                        hits.incrementAndGet();
                    }
                    if (value < floor) {
                        staleReads.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> t : tasks) {
            t.get(120, TimeUnit.SECONDS);
        }
        assertThat(staleReads).as("values older than a completed invalidation").hasValue(0);
        assertThat(hits.get()).as("the cache must still serve hits").isPositive();
    }
}
