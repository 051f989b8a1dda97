package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;

/**
 * {@link Region#asJCache()}: each JSR-107 operation is the region's read, put, putIfAbsent or invalidation, so the
 * region's tags apply and its counters count exactly those calls.
 */
class RegionViewTest {
    private RegionStore store;
    private Region<String, String> region;
    private Cache<String, String> view;

    @BeforeEach
    void setUp() {
        store = RegionStore.builder().name("region-view-test").build();
        region = store.region("r");
        view = region.asJCache();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void get_isOneRegionRead() {
        region.put("a", "1");

        assertThat(view.get("a")).isEqualTo("1");
        assertThat(view.get("missing")).isNull();

        RegionStats stats = region.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
    }

    @Test
    void get_staleByTag_isAMiss() {
        region.put("a", "1", List.of("t"));
        region.invalidateTag("t");

        assertThat(view.get("a")).isNull();

        assertThat(region.stats().staleReads()).isEqualTo(1);
        assertThat(region.stats().misses()).isEqualTo(1);
    }

    @Test
    void putAndPutAll_areRegionPuts_withoutARead() {
        view.put("a", "1");
        view.putAll(Map.of("b", "2"));

        RegionStats stats = region.stats();
        assertThat(stats.puts()).isEqualTo(2);
        assertThat(stats.hits() + stats.misses()).isZero();
        assertThat(region.get("b")).isEqualTo("2");
    }

    @Test
    void containsKeyAndConditionalOperations_readThroughTheRegion() {
        region.put("a", "1");

        assertThat(view.containsKey("a")).isTrue();
        assertThat(view.replace("a", "1", "2")).isTrue();
        assertThat(view.remove("a", "other")).isFalse();
        assertThat(view.getAndRemove("a")).isEqualTo("2");

        RegionStats stats = region.stats();
        assertThat(stats.hits()).isEqualTo(4);
        assertThat(stats.puts()).isEqualTo(2);
        assertThat(stats.invalidations()).isEqualTo(1);
        assertThat(region.get("a")).isNull();
    }

    @Test
    void remove_absentKey_stillInvalidatesIt() {
        assertThat(view.remove("nothing")).isFalse();

        assertThat(region.stats().misses()).isEqualTo(1);
        assertThat(region.stats().invalidations()).isEqualTo(1);
    }

    @Test
    void putIfAbsent_isTheRegionsPutIfAbsent() {
        assertThat(view.putIfAbsent("a", "1")).isTrue();
        assertThat(view.putIfAbsent("a", "2")).isFalse();

        assertThat(region.stats().puts()).isEqualTo(1);
        assertThat(region.stats().hits() + region.stats().misses()).isZero();
        assertThat(region.get("a")).isEqualTo("1");
    }

    @Test
    void removeAllAndClear_invalidateTheWholeRegion() {
        region.put("a", "1");
        view.removeAll();
        assertThat(region.get("a")).isNull();
        region.put("b", "2");
        view.clear();

        assertThat(region.stats().invalidateAlls()).isEqualTo(2);
        assertThat(region.get("b")).isNull();
    }

    @Test
    void iteration_countsNothing_andItsRemoveInvalidates() {
        region.put("a", "1");
        region.put("b", "2");

        List<String> keys = new ArrayList<>();
        Iterator<Cache.Entry<String, String>> it = view.iterator();
        while (it.hasNext()) {
            Cache.Entry<String, String> entry = it.next();
            keys.add(entry.getKey() + "=" + entry.getValue());
            if (entry.getKey().equals("a")) {
                it.remove();
            }
        }

        assertThat(keys).containsExactlyInAnyOrder("a=1", "b=2");
        assertThat(region.stats().hits() + region.stats().misses()).isZero();
        assertThat(region.stats().invalidations()).isEqualTo(1);
        assertThat(region.get("a")).isNull();
    }

    @Test
    void invoke_readsOnce_andWritesThroughTheRegion() {
        String result = view.invoke("a", (entry, arguments) -> {
            entry.setValue("1");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(region.get("a")).isEqualTo("1");
        assertThat(region.stats().misses()).isEqualTo(1);
        assertThat(region.stats().hits()).isEqualTo(1);
        assertThat(region.stats().puts()).isEqualTo(1);
    }

    @Test
    void listenersAndLifecycle_belongToTheRegion() {
        MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Created()), null, false, true);
        assertThatThrownBy(() -> view.registerCacheEntryListener(listener))
                .isInstanceOf(UnsupportedOperationException.class);

        view.close();

        assertThat(view.isClosed()).isFalse();
        view.put("a", "1");
        assertThat(region.get("a")).isEqualTo("1");
        assertThat(view.getCacheManager()).isNull();
        assertThat(view.unwrap(Region.class)).isSameAs(region);
        assertThat(region.asJCache()).isSameAs(view);
    }

    static final class Created implements CacheEntryCreatedListener<String, String>, Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        }
    }
}
