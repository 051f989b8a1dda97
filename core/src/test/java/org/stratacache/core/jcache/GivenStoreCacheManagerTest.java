package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;

/**
 * A JCache manager over a store the caller gives ({@code strata.jcache.region-store}): its caches live in that
 * store, beside the store's own regions, and closing the manager leaves the store open.
 */
class GivenStoreCacheManagerTest {
    private final StrataCachingProvider provider = new StrataCachingProvider();

    private CacheManager managerOver(Object store) {
        Properties properties = new Properties();
        properties.put(ConfigKeys.JCACHE_REGION_STORE.name(), store);
        return provider.getCacheManager(URI.create("strata://given-" + UUID.randomUUID()), null, properties);
    }

    @Test
    void givenStore_holdsTheCaches_andStaysOpenAfterTheManagerCloses() {
        RegionStore store = RegionStore.builder().name("given-" + UUID.randomUUID()).build();
        try {
            store.region("products").put("1", "kettle");
            CacheManager manager = managerOver(store);
            assertThat(manager.unwrap(RegionStore.class)).isSameAs(store);
            Cache<String, String> cache = manager.createCache("sessions", new MutableConfiguration<String, String>());
            cache.put("a", "b");
            assertThat(cache.get("a")).isEqualTo("b");

            manager.close();
            assertThat(store.isClosed()).as("the caller's store outlives the manager").isFalse();
            assertThat(store.<String, String>region("products").get("1")).isEqualTo("kettle");
        } finally {
            store.close();
        }
    }

    /** Two applications in one JVM, each giving its store under the same URI: a manager each. */
    @Test
    void twoStores_underOneUri_getAManagerEach_andCloseApart() {
        RegionStore first = RegionStore.builder().name("first-" + UUID.randomUUID()).build();
        RegionStore second = RegionStore.builder().name("second-" + UUID.randomUUID()).build();
        URI uri = URI.create("strata://shared-" + UUID.randomUUID());
        try {
            CacheManager a = provider.getCacheManager(uri, null, over(first));
            CacheManager b = provider.getCacheManager(uri, null, over(second));
            assertThat(a).isNotSameAs(b);
            assertThat(a.unwrap(RegionStore.class)).isSameAs(first);
            assertThat(b.unwrap(RegionStore.class)).isSameAs(second);
            assertThat(provider.getCacheManager(uri, null, over(first))).as("the same store again").isSameAs(a);

            b.close();
            assertThat(a.isClosed()).isFalse();
            assertThat(provider.getCacheManager(uri, null, over(first))).isSameAs(a);
            provider.close(uri, null);
            assertThat(a.isClosed()).as("closing the URI closes every manager under it").isTrue();
        } finally {
            first.close();
            second.close();
        }
    }

    private static Properties over(RegionStore store) {
        Properties properties = new Properties();
        properties.put(ConfigKeys.JCACHE_REGION_STORE.name(), store);
        return properties;
    }

    @Test
    void ownStore_closesWithTheManager() {
        CacheManager manager = provider.getCacheManager(URI.create("strata://own-" + UUID.randomUUID()), null,
                new Properties());
        RegionStore own = manager.unwrap(RegionStore.class);
        manager.close();
        assertThat(own.isClosed()).isTrue();
    }

    @Test
    void givenValue_thatIsNoStore_orAClosedStore_isRefused() {
        assertThatThrownBy(() -> managerOver("shop")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strata.jcache.region-store").hasMessageContaining("RegionStore");
        RegionStore closed = RegionStore.builder().name("closed-" + UUID.randomUUID()).build();
        closed.close();
        assertThatThrownBy(() -> managerOver(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already closed");
    }
}
