package org.stratacache.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class PerThreadCounterTest {

    @Test
    void manyThreadsCountingAtOnce_sumIsExact() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        int threads = 16;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    counter.increment();
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        long seenWhileCounting = counter.sum();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(seenWhileCounting).isBetween(0L, (long) threads * perThread);
        assertThat(counter.sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void threadsThatEnded_keepTheirCounts_andTheirCellsAreFoldedAway() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        long expected = 0;
        // one short-lived thread after another, more of them than a sweep lets pile up, with reads in between
        for (int round = 0; round < 200; round++) {
            int n = round + 1;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    counter.add(2);
                }
            });
            thread.start();
            thread.join();
            expected += 2L * n;
            if (round % 37 == 0) {
                assertThat(counter.sum()).isEqualTo(expected);
            }
        }
        assertThat(counter.sum()).isEqualTo(expected);
    }

    @Test
    void pooledThreadsCountingRepeatedly_sumIsExact() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int task = 0; task < 400; task++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        counter.increment();
                    }
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(counter.sum()).isEqualTo(400_000L);
    }

    @Test
    void reset_countsFromZeroAgain_includingThreadsThatCountedBefore() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        for (int i = 0; i < 5; i++) {
            counter.increment();
        }
        Thread other = new Thread(() -> counter.add(7));
        other.start();
        other.join();
        assertThat(counter.sum()).isEqualTo(12);

        counter.reset();
        assertThat(counter.sum()).isZero();
        counter.increment();
        Thread again = new Thread(() -> counter.add(3));
        again.start();
        again.join();
        assertThat(counter.sum()).isEqualTo(4);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
