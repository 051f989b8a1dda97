package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.tag.TagSnapshot;

class TagInvalidationTest {
    private final RegionStore store = RegionStore.builder().name("tag-test").build();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
        store.close();
    }

    @Test
    void invalidateTag_makesEveryEntryCarryingItStale_inEveryRegion() {
        Region<String, String> queries = store.region("queries");
        Region<String, String> other = store.region("other");
        queries.put("q1", "rows", List.of("orders", "customers"));
        queries.put("q2", "rows", List.of("customers"));
        queries.put("q3", "rows", List.of("products"));
        other.put("x", "rows", List.of("orders"));

        store.invalidateTag("orders");

        assertThat(queries.get("q1")).isNull();
        assertThat(queries.get("q2")).isEqualTo("rows");
        assertThat(queries.get("q3")).isEqualTo("rows");
        assertThat(other.get("x")).isNull();
        assertThat(queries.stats().staleReads()).isEqualTo(1);
    }

    @Test
    void put_withSnapshotTakenBeforeAnInvalidation_isRefused() {
        Region<String, String> region = store.region("queries");
        TagSnapshot before = region.snapshot(List.of("orders"));
        region.invalidateTag("orders");
        assertThat(region.put("q", "rows loaded before the write", before)).isFalse();
        assertThat(region.get("q")).isNull();
        assertThat(region.put("q", "fresh rows", region.snapshot(List.of("orders")))).isTrue();
        assertThat(region.get("q")).isEqualTo("fresh rows");
    }

    @Test
    void get_tagInvalidatedDuringTheLoad_loadedValueIsNeverServed() throws Exception {
        Region<String, String> region = store.region("queries");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = pool.submit(() -> region.get("q", List.of("orders"), k -> {
            loaderEntered.countDown();
            release.await();
            return "rows read before the write committed";
        }));
        assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
        store.invalidateTag("orders");
        release.countDown();
        assertThat(load.get(5, TimeUnit.SECONDS)).isEqualTo("rows read before the write committed");
        assertThat(region.get("q")).isNull();
    }

    @Test
    void snapshot_ofUnseenTags_isCurrent_andEmptySnapshotAlwaysIs() {
        Region<String, String> region = store.region("queries");
        TagSnapshot snapshot = region.snapshot(List.of("never-written", "never-written"));
        assertThat(snapshot.tags()).containsExactly("never-written");
        assertThat(region.put("q", "v", snapshot)).isTrue();
        assertThat(region.put("e", "v", TagSnapshot.EMPTY)).isTrue();
        store.invalidateTag("unrelated");
        assertThat(region.get("q")).isEqualTo("v");
        assertThat(region.get("e")).isEqualTo("v");
    }
}
