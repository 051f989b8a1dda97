package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegionComputeTest {
    private final RegionStore store = RegionStore.builder().settings(Map.of()).build();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void compute_absentKey_storesTheNewValue() {
        Region<String, Integer> region = store.region("compute-absent");

        Integer stored = region.compute("k", (k, v) -> v == null ? 1 : v + 1);

        assertThat(stored).isEqualTo(1);
        assertThat(region.get("k")).isEqualTo(1);
    }

    @Test
    void compute_returningNull_removesTheEntry() {
        Region<String, Integer> region = store.region("compute-remove");
        region.put("k", 5);

        Integer stored = region.compute("k", (k, v) -> null);

        assertThat(stored).isNull();
        assertThat(region.get("k")).isNull();
    }

    @Test
    void compute_afterInvalidateAll_seesNoValue() {
        Region<String, Integer> region = store.region("compute-epoch");
        region.put("k", 5);
        region.invalidateAll();

        Integer stored = region.compute("k", (k, v) -> v == null ? -1 : v);

        assertThat(stored).isEqualTo(-1);
    }

    @Test
    void compute_concurrentIncrements_loseNoUpdate() throws Exception {
        Region<String, Integer> region = store.region("compute-concurrent");
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    region.compute("counter", (k, v) -> v == null ? 1 : v + 1);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(region.get("counter")).isEqualTo(threads * perThread);
    }

    @Test
    void compute_unchangedValue_keepsTheEntry() {
        Region<String, String> region = store.region("compute-unchanged");
        String value = "v";
        region.put("k", value);
        long putsBefore = region.stats().puts();

        String stored = region.compute("k", (k, v) -> v);

        assertThat(stored).isSameAs(value);
        assertThat(region.stats().puts()).isEqualTo(putsBefore);
    }
}
