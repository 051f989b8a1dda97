package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindStats;

/**
 * {@link RegionStore#addListener}: what exists is told at once, what is created later is told once, on the
 * creating thread; a failing listener does not stop a creation. And {@link RegionStore#writeBehindStats()}.
 */
class RegionStoreListenerTest {

    @Test
    void addListener_toldOfExistingRegionsAndQueuesThenOfNewOnes() throws Exception {
        try (RegionStore store = RegionStore.builder().setting("strata.write-behind.max-delay", "1h").build()) {
            store.region("before");
            store.writeBehind("q1", batch -> { });
            List<String> told = new CopyOnWriteArrayList<>();
            store.addListener(new RegionStore.Listener() {
                @Override
                public void regionCreated(Region<?, ?> region) {
                    told.add("region " + region.name());
                }

                @Override
                public void writeBehindOpened(WriteBehind<?, ?> queue) {
                    told.add("queue " + queue.name());
                }
            });
            assertThat(told).containsExactly("region before", "queue q1");

            store.region("after");
            store.region("after");
            store.writeBehind("q2", batch -> { });
            assertThat(told).containsExactly("region before", "queue q1", "region after", "queue q2");
        }
    }

    @Test
    void regionCreated_manyThreadsCreatingTheSameRegions_eachToldExactlyOnce() throws Exception {
        int threads = 8;
        int regions = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RegionStore store = RegionStore.builder().build()) {
            Map<String, AtomicInteger> told = new ConcurrentHashMap<>();
            store.addListener(new RegionStore.Listener() {
                @Override
                public void regionCreated(Region<?, ?> region) {
                    told.computeIfAbsent(region.name(), n -> new AtomicInteger()).incrementAndGet();
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < regions; r++) {
                        store.region("r" + r);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(told).hasSize(regions);
            assertThat(told.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void regionCreated_listenerThrows_regionIsCreatedAndOtherListenersAreTold() {
        try (RegionStore store = RegionStore.builder().build()) {
            List<String> told = new CopyOnWriteArrayList<>();
            store.addListener(new RegionStore.Listener() {
                @Override
                public void regionCreated(Region<?, ?> region) {
                    throw new IllegalStateException("listener bug");
                }
            });
            store.addListener(new RegionStore.Listener() {
                @Override
                public void regionCreated(Region<?, ?> region) {
                    told.add(region.name());
                }
            });
            Region<String, String> r = store.region("users");
            r.put("k", "v");
            assertThat(r.get("k")).isEqualTo("v");
            assertThat(told).containsExactly("users");
        }
    }

    @Test
    void addListener_closedStore_isRefused() {
        RegionStore store = RegionStore.builder().build();
        store.close();
        assertThatThrownBy(() -> store.addListener(new RegionStore.Listener() { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void writeBehindStats_listsOpenQueuesByName() throws Exception {
        try (RegionStore store = RegionStore.builder().setting("strata.write-behind.max-delay", "1h").build()) {
            WriteBehind<String, String> a = store.writeBehind("a", batch -> { });
            store.writeBehind("b", batch -> { });
            a.put("k1", "v");
            a.put("k2", "v");
            Map<String, WriteBehindStats> stats = store.writeBehindStats();
            assertThat(stats).containsOnlyKeys("a", "b");
            assertThat(stats.get("a").queueDepth()).isEqualTo(2);
            a.flush();
            assertThat(store.writeBehindStats().get("a").rowsWritten()).isEqualTo(2);
            a.close();
            assertThat(store.writeBehindStats()).containsOnlyKeys("b");
        }
    }
}
