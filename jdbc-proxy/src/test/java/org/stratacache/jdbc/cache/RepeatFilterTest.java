package org.stratacache.jdbc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RepeatFilterTest {

    @Test
    void aKey_isNewTheFirstTime_andSeenTheSecond() {
        RepeatFilter filter = new RepeatFilter(1_000);
        assertThat(filter.seenBefore(42)).isFalse();
        assertThat(filter.seenBefore(42)).isTrue();
        assertThat(filter.seenBefore(43)).isFalse();
    }

    @Test
    void afterAWindowOfNewKeys_theOldOnesAreForgotten() {
        RepeatFilter filter = new RepeatFilter(100);
        assertThat(filter.seenBefore(-1)).isFalse();
        for (int i = 0; i < 100; i++) {
            filter.seenBefore(i * 7919);
        }
        assertThat(filter.seenBefore(-1)).as("the filter started over after 100 more new keys").isFalse();
    }

    @Test
    void falsePositives_stayRare() {
        RepeatFilter filter = new RepeatFilter(20_000);
        for (int i = 0; i < 10_000; i++) {
            filter.seenBefore(i);
        }
        int wronglySeen = 0;
        for (int i = 0; i < 10_000; i++) { // 10,000 keys never offered: the filter fills to its window
            if (filter.seenBefore(1_000_000 + i * 31)) {
                wronglySeen++;
            }
        }
        // 8 bits per remembered key, two probes: about 1 % on the way from half to full
        assertThat(wronglySeen).isLessThan(500);
    }

    @Test
    void concurrentThreads_neverLoseAKeyTheyOffered() throws Exception {
        int threads = 8;
        int keysPerThread = 20_000;
        RepeatFilter filter = new RepeatFilter(threads * keysPerThread * 2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> forgotten = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * keysPerThread;
                forgotten.add(pool.submit(() -> {
                    start.await();
                    int lost = 0;
                    for (int k = base; k < base + keysPerThread; k++) {
                        filter.seenBefore(k);
                        if (!filter.seenBefore(k)) {
                            lost++;
                        }
                    }
                    return lost;
                }));
            }
            start.countDown();
            for (Future<Integer> f : forgotten) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWindowBelowOne_isRefused() {
        assertThatThrownBy(() -> new RepeatFilter(0)).hasMessageContaining("window");
    }
}
