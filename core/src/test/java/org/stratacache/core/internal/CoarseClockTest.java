package org.stratacache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CoarseClockTest {

    @Test
    void whileHeld_theTimeFollowsNanoTime_neverAheadOfIt() {
        CoarseClock clock = CoarseClock.acquire();
        try {
            long first = clock.nanoTime();
            assertThat(first).isLessThanOrEqualTo(System.nanoTime());
            await().atMost(Duration.ofSeconds(10)).until(() -> clock.nanoTime() - first > 5 * CoarseClock.TICK_NANOS);
            for (int i = 0; i < 1_000; i++) {
                long read = clock.nanoTime();
                assertThat(read - System.nanoTime()).as("a coarse reading is never in the future").isLessThanOrEqualTo(0);
            }
        } finally {
            clock.release();
        }
    }

    @Test
    void lastRelease_stopsTheThread_andTheNextAcquireStartsOneAgain() {
        CoarseClock clock = CoarseClock.acquire();
        clock.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> !tickingThreadRuns());
        CoarseClock again = CoarseClock.acquire();
        try {
            assertThat(tickingThreadRuns()).isTrue();
            long start = again.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> again.nanoTime() != start);
        } finally {
            again.release();
        }
    }

    @Test
    void releasingMoreOftenThanAcquired_isRefused() {
        CoarseClock clock = CoarseClock.acquire();
        clock.release();
        assertThatThrownBy(clock::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more often than acquired");
    }

    @Test
    void atNextTick_runsTasksOnTheTickingThread_inTheOrderGiven() throws InterruptedException {
        CoarseClock clock = CoarseClock.acquire();
        try {
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                int n = i;
                clock.atNextTick().execute(() -> {
                    ran.add(n);
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).isSorted().hasSize(100);
            assertThat(threads).containsOnly("strata-coarse-clock");
        } finally {
            clock.release();
        }
    }

    @Test
    void aTaskThatFails_leavesTheTickRunningTheNextOnes() throws InterruptedException {
        CoarseClock clock = CoarseClock.acquire();
        try {
            CountDownLatch after = new CountDownLatch(1);
            clock.atNextTick().execute(() -> {
                throw new IllegalStateException("a task's own failure");
            });
            clock.atNextTick().execute(after::countDown);
            assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
            long start = clock.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> clock.nanoTime() != start);
        } finally {
            clock.release();
        }
    }

    @Test
    void withNobodyHoldingTheClock_aTaskRunsOnTheCaller() {
        CoarseClock clock = CoarseClock.acquire();
        clock.release();
        String[] ranOn = new String[1];

        clock.atNextTick().execute(() -> ranOn[0] = Thread.currentThread().getName());

        assertThat(ranOn[0]).isEqualTo(Thread.currentThread().getName());
    }

    /** Tasks handed over while the clock starts and stops again and again: each runs, once. */
    @Test
    void everyTaskRunsExactlyOnce_whileTheClockStartsAndStops() throws Exception {
        int threads = 4;
        int tasksEach = 20_000;
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean cycling = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<Integer> cycles = pool.submit(() -> {
                int n = 0;
                while (cycling.get() && n < 100_000) {
                    CoarseClock.acquire().release();
                    n++;
                }
                return n;
            });
            List<Future<?>> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                submitters.add(pool.submit(() -> {
                    Runnable task = runs::incrementAndGet;
                    for (int i = 0; i < tasksEach; i++) {
                        CoarseClock clock = CoarseClock.acquire();
                        try {
                            clock.atNextTick().execute(task);
                        } finally {
                            clock.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : submitters) {
                f.get(120, TimeUnit.SECONDS);
            }
            cycling.set(false);
            assertThat(cycles.get(60, TimeUnit.SECONDS)).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= threads * tasksEach);
            assertThat(runs.get()).isEqualTo(threads * tasksEach);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean tickingThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("strata-coarse-clock") && t.isAlive());
    }
}
