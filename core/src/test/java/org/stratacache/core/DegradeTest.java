package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;
import org.stratacache.core.tier.local.LocalTier;

class DegradeTest {

    @Test
    void get_tierDown_behavesAsAMiss_countsAndNeverThrows() {
        AtomicBoolean down = new AtomicBoolean();
        try (LocalTier local = new LocalTier();
             RegionStore store = RegionStore.builder().tier(new FlakyTier(local, down)).build()) {
            Region<String, String> region = store.region("r");
            region.put("k", "cached");
            down.set(true);
            AtomicInteger loads = new AtomicInteger();
            assertThat(region.get("k")).isNull();
            assertThat(region.get("k", key -> "from-db-" + loads.incrementAndGet())).isEqualTo("from-db-1");
            region.put("k2", "v");
            region.invalidate("k");
            region.invalidateAll();
            assertThat(region.stats().tierFailures()).isGreaterThanOrEqualTo(5);
            down.set(false);
            // invalidate-all bumped the epoch even though the clear failed: the old entry stays unusable
            assertThat(region.get("k")).isNull();
        }
    }

    @Test
    void statistics_jmxEnabled_registersJCacheStatisticsBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager=strata.//jmx-test,Cache=orders");
        try (RegionStore store = RegionStore.fromProperties(Map.of(
                "strata.store.name", "jmx-test", "strata.statistics.jmx", "true"))) {
            Region<String, String> region = store.region("orders");
            region.put("a", "1");
            region.get("a");
            region.get("b");
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "CacheHits")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "CacheMisses")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "CachePuts")).isEqualTo(1L);
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void statistics_twoOpenStoresOfOneName_keepTheirOwnBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, String> settings = Map.of("strata.store.name", "jmx-twice", "strata.statistics.jmx", "true");
        try (RegionStore first = RegionStore.fromProperties(settings);
             RegionStore second = RegionStore.fromProperties(settings)) {
            assertThat(first.jmxName()).isEqualTo("jmx-twice");
            assertThat(second.jmxName()).isEqualTo("jmx-twice-2");
            first.region("orders").put("a", "1");
            second.region("orders").get("a");
            ObjectName firstName = new ObjectName(
                    "javax.cache:type=CacheStatistics,CacheManager=strata.//jmx-twice,Cache=orders");
            ObjectName secondName = new ObjectName(
                    "javax.cache:type=CacheStatistics,CacheManager=strata.//jmx-twice-2,Cache=orders");
            assertThat(server.getAttribute(firstName, "CachePuts")).isEqualTo(1L);
            assertThat(server.getAttribute(secondName, "CacheMisses")).isEqualTo(1L);
            assertThat(server.getAttribute(secondName, "CachePuts")).isEqualTo(0L);
        }
        try (RegionStore again = RegionStore.fromProperties(settings)) {
            assertThat(again.jmxName()).as("names are given back at close").isEqualTo("jmx-twice");
        }
    }

    @Test
    void close_storeOwnedTier_isClosed_callerOwnedTierIsNot() {
        try (LocalTier callerOwned = new LocalTier()) {
            RegionStore store = RegionStore.builder().tier(callerOwned).build();
            store.region("r").put("k", "v");
            store.close();
            // the tier still works for its owner
            TierCache<String, String> cache = callerOwned.createCache("other", RegionSettings.defaults(),
                    TierListener.NONE);
            cache.put("k", new StoredEntry<>("v", TagSnapshot.EMPTY, 0, 0, -1));
            assertThat(cache.get("k").value()).isEqualTo("v");
        }
    }

    /** A tier whose caches throw while {@code down} is set, as a distributed tier does when unreachable. */
    private record FlakyTier(Tier delegate, AtomicBoolean down) implements Tier {
        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public <K, V> TierCache<K, V> createCache(String regionName, RegionSettings settings, TierListener listener) {
            TierCache<K, V> real = delegate.createCache(regionName, settings, listener);
            return new TierCache<>() {
                private void check() {
                    if (down.get()) {
                        throw new IllegalStateException("tier unreachable");
                    }
                }

                @Override
                public StoredEntry<V> get(K key) {
                    check();
                    return real.get(key);
                }

                @Override
                public void put(K key, StoredEntry<V> entry) {
                    check();
                    real.put(key, entry);
                }

                @Override
                public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
                    check();
                    return real.putIfAbsent(key, entry);
                }

                @Override
                public boolean replace(K key, StoredEntry<V> expected, StoredEntry<V> entry) {
                    check();
                    return real.replace(key, expected, entry);
                }

                @Override
                public void remove(K key) {
                    check();
                    real.remove(key);
                }

                @Override
                public void clear() {
                    check();
                    real.clear();
                }

                @Override
                public long size() {
                    check();
                    return real.size();
                }

                @Override
                public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
                    check();
                    return real.iterator();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }

        @Override
        public TagVersions tagVersions() {
            return delegate.tagVersions();
        }

        @Override
        public void close() {
            // the test owns the delegate
        }
    }
}
