package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.tag.TagSnapshot;

class RegionTest {
    private final RegionStore store = RegionStore.builder().name("region-test").build();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void get_afterPut_hitsAndCounts() {
        Region<String, String> region = store.region("r");
        assertThat(region.get("a")).isNull();
        region.put("a", "1");
        assertThat(region.get("a")).isEqualTo("1");
        RegionStats stats = region.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.puts()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(1);
        assertThat(stats.hitRatio()).isEqualTo(0.5);
    }

    @Test
    void getAll_returnsOnlyHits() {
        Region<Integer, String> region = store.region("r");
        region.put(1, "one");
        region.put(3, "three");
        assertThat(region.getAll(List.of(1, 2, 3))).containsExactly(Map.entry(1, "one"), Map.entry(3, "three"));
    }

    @Test
    void putIfAbsent_keepsTheFirstValue_butReplacesAStaleOne() {
        Region<String, String> region = store.region("r");
        assertThat(region.putIfAbsent("k", "first")).isTrue();
        assertThat(region.putIfAbsent("k", "second")).isFalse();
        assertThat(region.get("k")).isEqualTo("first");
        region.invalidateAll();
        assertThat(region.putIfAbsent("k", "third")).isTrue();
        assertThat(region.get("k")).isEqualTo("third");
    }

    @Test
    void invalidate_removesTheKeyOnly() {
        Region<String, String> region = store.region("r");
        region.put("a", "1");
        region.put("b", "2");
        region.invalidate("a");
        assertThat(region.get("a")).isNull();
        assertThat(region.get("b")).isEqualTo("2");
        assertThat(region.stats().invalidations()).isEqualTo(1);
    }

    @Test
    void invalidateAll_makesEveryEntryStale() {
        Region<Integer, String> region = store.region("r");
        for (int i = 0; i < 100; i++) {
            region.put(i, "v" + i);
        }
        region.invalidateAll();
        for (int i = 0; i < 100; i++) {
            assertThat(region.get(i)).isNull();
        }
        assertThat(region.stats().size()).isZero();
    }

    @Test
    void put_ttlPassed_entryExpires() {
        Region<String, String> region = store.region("short", RegionSettings.builder()
                .ttl(Duration.ofMillis(100)).build());
        region.put("k", "v");
        assertThat(region.get("k")).isEqualTo("v");
        await().atMost(Duration.ofSeconds(5)).until(() -> region.get("k") == null);
    }

    @Test
    void put_ownTtl_overridesTheRegionTtl() {
        Region<String, String> region = store.region("long", RegionSettings.builder()
                .ttl(Duration.ofHours(1)).build());
        region.put("short", "v", TagSnapshot.EMPTY, Duration.ofMillis(50));
        region.put("long", "v");
        await().atMost(Duration.ofSeconds(5)).until(() -> region.get("short") == null);
        assertThat(region.get("long")).isEqualTo("v");
    }

    @Test
    void put_beyondMaxEntries_evictsAndCounts() {
        Region<Integer, String> region = store.region("small", RegionSettings.builder().maxEntries(10).build());
        for (int i = 0; i < 50; i++) {
            region.put(i, "v" + i);
        }
        RegionStats stats = region.stats();
        assertThat(stats.size()).isLessThanOrEqualTo(10);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void fillRatio_followsHeldEntries_staleOnesIncluded_andStopsAtOne() {
        Region<Integer, String> region = store.region("fill", RegionSettings.builder().maxEntries(20).build());
        assertThat(region.fillRatio()).isZero();
        for (int i = 0; i < 5; i++) {
            region.put(i, "v" + i, List.of("t"));
        }
        assertThat(region.fillRatio()).isEqualTo(0.25);
        region.invalidateTag("t");
        assertThat(region.fillRatio()).as("stale entries still take room").isEqualTo(0.25);
        for (int i = 5; i < 100; i++) {
            region.put(i, "v" + i);
        }
        assertThat(region.fillRatio()).isEqualTo(1.0);
    }

    @Test
    void get_storeByReference_returnsTheStoredInstance() {
        Region<String, List<String>> region = store.region("byref");
        List<String> value = new ArrayList<>(List.of("x"));
        region.put("k", value);
        assertThat(region.get("k")).isSameAs(value);
    }

    @Test
    void get_storeByValue_returnsAnEqualCopy_thatCannotChangeTheCache() {
        Region<String, ArrayList<String>> region = store.region("byvalue",
                RegionSettings.builder().storeByValue(true).build());
        ArrayList<String> value = new ArrayList<>(List.of("x"));
        region.put("k", value);
        value.add("changed by the caller");
        ArrayList<String> read = region.get("k");
        assertThat(read).isNotSameAs(value).containsExactly("x");
        read.add("changed by a reader");
        assertThat(region.get("k")).containsExactly("x");
    }

    @Test
    void put_storeByValue_nonSerializableValue_failsNamingTheRegion() {
        Region<String, Object> region = store.region("byvalue-bad",
                RegionSettings.builder().storeByValue(true).build());
        assertThatThrownBy(() -> region.put("k", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("byvalue-bad")
                .hasMessageContaining("Serializable");
    }

    @Test
    void put_nullKeyOrValue_isRejected() {
        Region<String, String> region = store.region("r");
        assertThatThrownBy(() -> region.put(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> region.put("k", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void region_sameNameDifferentSettings_isRejected() {
        store.region("r", RegionSettings.builder().maxEntries(5).build());
        assertThatThrownBy(() -> store.region("r", RegionSettings.builder().maxEntries(6).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'r'");
    }

    @Test
    void region_configuredPerName_getsItsSettings() {
        try (RegionStore configured = RegionStore.fromProperties(Map.of(
                "strata.region.products.ttl", "45s", "strata.defaults.max-entries", "123"))) {
            assertThat(configured.region("products").settings().ttl()).isEqualTo(Duration.ofSeconds(45));
            assertThat(configured.region("products").settings().maxEntries()).isEqualTo(123);
            assertThat(configured.hasOwnSettings("products")).isTrue();
            assertThat(configured.hasOwnSettings("orders")).isFalse();
        }
    }

    @Test
    void close_releasesRegions_andLaterUseFailsClearly() {
        Region<String, String> region = store.region("r");
        region.put("k", "v");
        store.close();
        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(() -> store.region("r"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("region-test")
                .hasMessageContaining("closed");
    }

    @Test
    void close_runsHooksFirst_inReverseOrder() {
        List<String> closed = new ArrayList<>();
        store.onClose(() -> closed.add("first"));
        store.onClose(() -> closed.add("second"));
        store.close();
        assertThat(closed).containsExactly("second", "first");
    }

    @Test
    void asJCache_seesTheSameEntries() {
        Region<String, String> region = store.region("r");
        var cache = region.asJCache();
        cache.put("a", "1");
        assertThat(region.get("a")).isEqualTo("1");
        region.put("b", "2");
        assertThat(cache.get("b")).isEqualTo("2");
        assertThat(cache.getAndRemove("a")).isEqualTo("1");
        assertThat(region.get("a")).isNull();
        List<String> keys = new ArrayList<>();
        cache.forEach(e -> keys.add(e.getKey()));
        assertThat(keys).containsExactly("b");
        assertThat(cache.unwrap(Region.class)).isSameAs(region);
        assertThat(cache.getName()).isEqualTo("r");
    }

    record Point(int x, int y) implements Serializable {
    }
}
