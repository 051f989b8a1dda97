package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadThroughTest {
    private final RegionStore store = RegionStore.builder().name("read-through-test").build();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void close() {
        pool.shutdownNow();
        store.close();
    }

    @Test
    void get_miss_loadsStoresAndThenHits() {
        Region<Integer, String> region = store.region("r");
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get(7, k -> "v" + k + "#" + loads.incrementAndGet())).isEqualTo("v7#1");
        assertThat(region.get(7, k -> "v" + k + "#" + loads.incrementAndGet())).isEqualTo("v7#1");
        assertThat(loads).hasValue(1);
        RegionStats stats = region.stats();
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
    }

    @Test
    void get_concurrentMissesOfOneKey_runTheLoaderOnce() throws Exception {
        Region<String, String> region = store.region("r");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> region.get("hot", k -> {
                loads.incrementAndGet();
                loaderEntered.countDown();
                release.await();
                return "value";
            })));
        }
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        // every caller is either waiting on the one flight or will hit the stored value
        release.countDown();
        for (Future<String> f : results) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void get_loaderFails_everyWaiterGetsTheFailure_andNothingIsCached() throws Exception {
        Region<String, String> region = store.region("r");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IOException failure = new IOException("database down");
        AtomicInteger loads = new AtomicInteger();
        List<Future<Throwable>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                try {
                    region.get("k", k -> {
                        loads.incrementAndGet();
                        loaderEntered.countDown();
                        release.await();
                        throw failure;
                    });
                    return null;
                } catch (RegionLoadException e) {
                    return e.getCause();
                }
            }));
        }
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        int failed = 0;
        for (Future<Throwable> f : results) {
            Throwable cause = f.get(5, TimeUnit.SECONDS);
            // a caller that arrived after the failed flight ended runs its own load, which fails the same way
            assertThat(cause).isSameAs(failure);
            failed++;
        }
        assertThat(failed).isEqualTo(8);
        assertThat(region.get("k")).isNull();
        assertThat(region.stats().loadFailures()).isEqualTo(loads.get());
    }

    @Test
    void get_loaderReturnsNull_cachesNothing() {
        Region<String, String> region = store.region("r");
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("k", k -> {
            loads.incrementAndGet();
            return null;
        })).isNull();
        assertThat(region.get("k", k -> {
            loads.incrementAndGet();
            return null;
        })).isNull();
        assertThat(loads).hasValue(2);
    }

    @Test
    void get_loaderThrowsChecked_causeIsPreserved() {
        Region<String, String> region = store.region("r");
        assertThatThrownBy(() -> region.get("k", k -> {
            throw new java.sql.SQLException("no such table", "42S02", 42102);
        })).isInstanceOf(RegionLoadException.class)
                .hasRootCauseInstanceOf(java.sql.SQLException.class)
                .hasMessageContaining("'r'");
    }

    @Test
    void get_invalidatedWhileLoading_loadedValueIsNotStored() throws Exception {
        Region<String, String> region = store.region("r");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = pool.submit(() -> region.get("k", k -> {
            loaderEntered.countDown();
            release.await();
            return "old";
        }));
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        region.invalidate("k");
        release.countDown();
        assertThat(load.get(5, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(region.get("k")).isNull();
    }

    @Test
    void get_putWhileLoading_theOlderLoadDoesNotOverwrite() throws Exception {
        Region<String, String> region = store.region("r");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = pool.submit(() -> region.get("k", k -> {
            loaderEntered.countDown();
            release.await();
            return "old";
        }));
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        region.put("k", "new");
        release.countDown();
        load.get(5, TimeUnit.SECONDS);
        assertThat(region.get("k")).isEqualTo("new");
    }

    @Test
    void get_invalidateAllWhileLoading_loadedValueIsNotServed() throws Exception {
        Region<String, String> region = store.region("r");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = pool.submit(() -> region.get("k", k -> {
            loaderEntered.countDown();
            release.await();
            return "old";
        }));
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        region.invalidateAll();
        release.countDown();
        load.get(5, TimeUnit.SECONDS);
        assertThat(region.get("k")).isNull();
    }

    @Test
    void get_refreshAhead_servesCurrentValueAndReloadsOnceInBackground() throws Exception {
        Region<String, String> region = store.region("refreshing", RegionSettings.builder()
                .ttl(Duration.ofSeconds(2)).refreshAhead(0.05).build());
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch reloadMayFinish = new CountDownLatch(1);
        Loader<String, String> loader = k -> {
            int n = loads.incrementAndGet();
            if (n > 1) {
                reloadMayFinish.await();
            }
            return "v" + n;
        };
        assertThat(region.get("k", loader)).isEqualTo("v1");
        // older than 5 % of 2 s = 100 ms: every hit now serves v1 while a single background reload runs
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            region.get("k", loader);
            return loads.get() == 2;
        });
        for (int i = 0; i < 100; i++) {
            assertThat(region.get("k", loader)).isEqualTo("v1");
        }
        assertThat(loads).hasValue(2);
        reloadMayFinish.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(region.get("k")));
        assertThat(region.stats().refreshes()).isGreaterThanOrEqualTo(1);
    }
}
