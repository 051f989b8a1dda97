package org.stratacache.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;
import org.stratacache.core.internal.region.TieredRegion;

/** The one statistics MXBean over a region's counters (the same bean serves JCache caches). */
class CacheStatisticsBeanTest {
    private RegionStore store;

    @BeforeEach
    void setUp() {
        store = RegionStore.builder().name("statistics-bean-test").build();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void region_countsReadsAndPuts_andTimesOnlyLoads() {
        Region<Integer, String> region = store.region("r");
        CacheStatisticsBean bean = new CacheStatisticsBean(((TieredRegion<Integer, String>) region).counters());

        region.put(1, "one");
        region.get(1);
        region.get(2, key -> "two");
        region.invalidate(1);

        assertThat(bean.getCacheHits()).isEqualTo(1);
        assertThat(bean.getCacheMisses()).isEqualTo(1);
        assertThat(bean.getCachePuts()).isEqualTo(2);
        assertThat(bean.getCacheRemovals()).isEqualTo(1);
        assertThat(bean.getAverageGetTime()).isPositive();
        assertThat(bean.getAveragePutTime()).isZero();
        assertThat(bean.getAverageRemoveTime()).isZero();
    }

    @Test
    void clear_zeroesEveryCounter_theEvictionsTheTierCountsItselfToo() {
        Region<Integer, String> region = store.region("small", RegionSettings.builder().maxEntries(10).build());
        CacheStatisticsBean bean = new CacheStatisticsBean(((TieredRegion<Integer, String>) region).counters());
        for (int i = 0; i < 100; i++) {
            region.put(i, "v" + i);
        }
        assertThat(bean.getCacheEvictions()).isGreaterThanOrEqualTo(90);

        bean.clear();

        assertThat(bean.getCacheEvictions()).isZero();
        assertThat(bean.getCachePuts()).isZero();
        assertThat(region.stats().evictions()).isZero();
    }
}
