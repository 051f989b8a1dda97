package org.stratacache.core.tier.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * A closed tier answers nothing: a region whose store was closed under a live connection must degrade to the
 * database, never keep serving entries that no invalidation reaches any more.
 */
class LocalTierCloseTest {

    @ParameterizedTest
    @EnumSource(LocalTier.Engine.class)
    void afterTheTierCloses_everyOperationOfItsCachesFails(LocalTier.Engine engine) {
        LocalTier tier = new LocalTier(engine, true);
        TierCache<String, String> cache = tier.createCache("closing-" + engine, RegionSettings.builder().build(),
                TierListener.NONE);
        StoredEntry<String> entry = new StoredEntry<>("v", TagSnapshot.EMPTY, 0, System.currentTimeMillis(), -1);
        cache.put("k", entry);
        assertThat(cache.get("k")).isEqualTo(entry);

        tier.close();

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.put("k", entry)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.putIfAbsent("other", entry)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tier.createCache("late", RegionSettings.builder().build(), TierListener.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(LocalTier.Engine.class)
    void closingOneCache_leavesTheOthersOfTheTierServing(LocalTier.Engine engine) {
        try (LocalTier tier = new LocalTier(engine, false)) {
            TierCache<String, String> closing = tier.createCache("a-" + engine, RegionSettings.builder().build(),
                    TierListener.NONE);
            TierCache<String, String> staying = tier.createCache("b-" + engine, RegionSettings.builder().build(),
                    TierListener.NONE);
            StoredEntry<String> entry = new StoredEntry<>("v", TagSnapshot.EMPTY, 0, 0, -1);
            for (TierCache<String, String> c : List.of(closing, staying)) {
                c.put("k", entry);
            }
            closing.close();
            assertThat(staying.get("k")).isEqualTo(entry);
        }
    }
}
