package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tier.StoredEntry;

class NearCacheTest {
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static StoredEntry<String> entry(String value) {
        return new StoredEntry<>(value, TagSnapshot.EMPTY, 0, System.currentTimeMillis(), -1);
    }

    /** Reads {@code key} like the tier does: near lookup, then reserve, fetch and install. */
    private static StoredEntry<?> read(NearCache near, Object key, StoredEntry<?> remote) {
        StoredEntry<?> held = near.get(key);
        if (held != null) {
            return held;
        }
        Object reservation = near.reserve(key);
        if (reservation != null) {
            near.install(key, reservation, remote, 0);
        }
        return remote;
    }

    @Test
    void get_ofAKeyReadOnce_isNotAdmitted() {
        NearCache near = new NearCache(100, MINUTE_NANOS, 2);
        read(near, "once", entry("v"));
        assertThat(near.size()).isZero();
        read(near, "twice", entry("v"));
        read(near, "twice", entry("v"));
        assertThat(near.size()).isEqualTo(1);
        assertThat(near.get("twice").value()).isEqualTo("v");
    }

    @Test
    void install_afterAnInvalidationDuringTheFetch_isRefused() {
        NearCache near = new NearCache(100, MINUTE_NANOS, 1);
        near.get("k");
        Object reservation = near.reserve("k");
        assertThat(reservation).isNotNull();
        near.invalidate("k"); // a write elsewhere while our fetch was on the wire
        near.install("k", reservation, entry("old"), 0);
        assertThat(near.get("k")).isNull();
    }

    @Test
    void install_afterAClearDuringTheFetch_isRefused() {
        NearCache near = new NearCache(100, MINUTE_NANOS, 1);
        near.get("k");
        Object reservation = near.reserve("k");
        near.clear();
        near.install("k", reservation, entry("old"), 0);
        assertThat(near.get("k")).isNull();
    }

    @Test
    void reserve_whileAnotherFetchHoldsTheReservation_returnsNull() {
        NearCache near = new NearCache(100, MINUTE_NANOS, 1);
        near.get("k");
        Object first = near.reserve("k");
        assertThat(near.reserve("k")).isNull();
        near.cancel("k", first);
        assertThat(near.reserve("k")).isNotNull();
    }

    @Test
    void nearCopy_expiresAfterTheNearTtl() {
        NearCache near = new NearCache(100, TimeUnit.MILLISECONDS.toNanos(100), 1);
        read(near, "k", entry("v"));
        assertThat(near.get("k")).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> near.get("k") == null);
    }

    @Test
    void nearCopy_neverOutlivesTheEntrysOwnTtl() {
        NearCache near = new NearCache(100, MINUTE_NANOS, 1);
        near.get("k");
        StoredEntry<String> shortLived = new StoredEntry<>("v", TagSnapshot.EMPTY, 0, System.currentTimeMillis(), 150);
        near.install("k", near.reserve("k"), shortLived, 150);
        await().atMost(Duration.ofSeconds(5)).until(() -> near.get("k") == null);
    }

    @Test
    void size_staysBoundedAndKeysInUseSurviveAScanOfKeysReadTwice() {
        int capacity = 100;
        NearCache near = new NearCache(capacity, MINUTE_NANOS, 2);
        for (int round = 0; round < 8; round++) {
            for (int hot = 0; hot < 20; hot++) {
                read(near, "hot" + hot, entry("h"));
            }
        }
        for (int cold = 0; cold < 5_000; cold++) {
            if (cold % 25 == 0) {
                for (int hot = 0; hot < 20; hot++) {
                    read(near, "hot" + hot, entry("h")); // the hot set stays in use during the scan
                }
            }
            read(near, "cold" + cold, entry("c"));
            read(near, "cold" + cold, entry("c")); // read twice: admitted, competes for room
            assertThat(near.size()).isLessThanOrEqualTo(capacity);
        }
        int hotSurvivors = 0;
        for (int hot = 0; hot < 20; hot++) {
            if (near.get("hot" + hot) != null) {
                hotSurvivors++;
            }
        }
        assertThat(hotSurvivors).isGreaterThanOrEqualTo(18);
    }

    @Test
    void concurrentReadsAndInvalidations_neverLeaveAnInvalidatedValueInstalled() throws Exception {
        NearCache near = new NearCache(1_000, MINUTE_NANOS, 1);
        int keys = 8;
        int iterations = 20_000;
        // the "cluster": the current version of every key
        java.util.concurrent.atomic.AtomicIntegerArray versions = new java.util.concurrent.atomic.AtomicIntegerArray(keys);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < iterations; i++) {
                        int k = i % keys;
                        if (near.get(k) == null) {
                            Object reservation = near.reserve(k);
                            StoredEntry<String> fetched = entry(Integer.toString(versions.get(k)));
                            if (reservation != null) {
                                near.install(k, reservation, fetched, 0);
                            }
                        }
                    }
                }));
            }
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < iterations; i++) {
                    int k = i % keys;
                    versions.incrementAndGet(k); // the write lands, then its invalidation event arrives
                    near.invalidate(k);
                }
            }));
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int k = 0; k < keys; k++) {
            StoredEntry<?> held = near.get(k);
            if (held != null) {
                assertThat(held.value()).as("key %d", k).isEqualTo(Integer.toString(versions.get(k)));
            }
        }
    }
}
