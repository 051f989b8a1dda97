package org.stratacache.jdbc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stratacache.jdbc.UncachedReason;

class UncachedWatchTest {

    private static long[] uncached(UncachedReason reason, long n) {
        long[] counts = new long[UncachedReason.values().length];
        counts[reason.ordinal()] = n;
        return counts;
    }

    @Test
    void look_mostReadsCached_doesNotWarn() {
        UncachedWatch watch = new UncachedWatch();
        watch.look(1_000, uncached(UncachedReason.NON_DETERMINISTIC, 256));
        watch.look(2_000, uncached(UncachedReason.NON_DETERMINISTIC, 512));
        assertThat(watch.warned()).isFalse();
    }

    @Test
    void look_mostReadsInAWindowUncached_warnsOnce() {
        UncachedWatch watch = new UncachedWatch();
        watch.look(10_000, uncached(UncachedReason.SESSION_CHANGED, 256)); // first window: mostly cached
        assertThat(watch.warned()).isFalse();
        watch.look(10_100, uncached(UncachedReason.SESSION_CHANGED, 512)); // 256 uncached against 100 cached
        assertThat(watch.warned()).isTrue();
    }

    @Test
    void look_countsOnlyTheWindow_notTheHistory() {
        UncachedWatch watch = new UncachedWatch();
        watch.look(0, uncached(UncachedReason.HINT, 256)); // a start full of uncached reads
        assertThat(watch.warned()).isTrue();
        UncachedWatch later = new UncachedWatch();
        later.look(100_000, uncached(UncachedReason.HINT, 256));
        later.look(100_300, uncached(UncachedReason.HINT, 512)); // 256 uncached, 300 cached: not most
        assertThat(later.warned()).isFalse();
    }
}
