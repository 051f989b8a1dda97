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

class TickExecutorTest {

    @Test
    void queuedTasks_runOnTheMaintenanceThread_inTheOrderGiven() throws InterruptedException {
        TickExecutor executor = TickExecutor.acquire();
        try {
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                int n = i;
                executor.execute(() -> {
                    ran.add(n);
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).isSorted().hasSize(100);
            assertThat(threads).containsOnly("strata-maintenance");
        } finally {
            executor.release();
        }
    }

    @Test
    void aTaskThatFails_leavesTheTickRunningTheNextOnes() throws InterruptedException {
        TickExecutor executor = TickExecutor.acquire();
        try {
            CountDownLatch after = new CountDownLatch(1);
            executor.execute(() -> {
                throw new IllegalStateException("a task's own failure");
            });
            executor.execute(after::countDown);
            assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            executor.release();
        }
    }

    @Test
    void withNobodyHoldingTheExecutor_aTaskRunsOnTheCaller() {
        TickExecutor executor = TickExecutor.acquire();
        executor.release();
        String[] ranOn = new String[1];

        executor.execute(() -> ranOn[0] = Thread.currentThread().getName());

        assertThat(ranOn[0]).isEqualTo(Thread.currentThread().getName());
    }

    /** Tasks handed over while the thread starts and stops again and again: each runs, once. */
    @Test
    void everyTaskRunsExactlyOnce_whileTheThreadStartsAndStops() throws Exception {
        int threads = 4;
        int tasksEach = 20_000;
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean cycling = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<Integer> cycles = pool.submit(() -> {
                int n = 0;
                while (cycling.get() && n < 100_000) {
                    TickExecutor.acquire().release();
                    n++;
                }
                return n;
            });
            List<Future<?>> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                submitters.add(pool.submit(() -> {
                    Runnable task = runs::incrementAndGet;
                    for (int i = 0; i < tasksEach; i++) {
                        TickExecutor executor = TickExecutor.acquire();
                        try {
                            executor.execute(task);
                        } finally {
                            executor.release();
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

    @Test
    void releasingMoreOftenThanAcquired_isRefused() {
        TickExecutor executor = TickExecutor.acquire();
        executor.release();
        assertThatThrownBy(executor::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more often than acquired");
    }
}
