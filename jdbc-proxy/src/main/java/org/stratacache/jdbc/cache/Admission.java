package org.stratacache.jdbc.cache;

import java.util.concurrent.atomic.AtomicInteger;

import org.stratacache.core.Region;

/**
 * Decides whether a cacheable miss stores its result ({@code strata.jdbc.admission}): always with
 * {@code first-miss} and for a query hinted to be cached; with {@code second-miss} only when the key missed
 * before ({@link RepeatFilter}); with {@code second-miss-when-full} like {@code first-miss} while the region has
 * room, like {@code second-miss} once storing means pushing another result out.
 */
final class Admission {
    /** "Full" from this fill ratio on: Ehcache evicts at capacity, and a few free slots go in no time. */
    private static final double FULL = 0.95;

    private final Region<?, ?> region;
    /** Null with {@code first-miss}: every cacheable miss is stored. */
    private final RepeatFilter repeatFilter;
    private final boolean onlyWhenFull;
    /** Up to 64 misses, but a small region is looked at more often so it cannot overflow between two looks. */
    private final int fillCheckInterval;
    /** Misses counted to read the region's fill ratio once per {@code fillCheckInterval} of them. */
    private final AtomicInteger missesSinceFillCheck = new AtomicInteger();
    private volatile boolean regionFull;

    /** @param mode a value {@code ConfigKeys.JDBC_ADMISSION} accepted */
    Admission(String mode, Region<?, ?> region) {
        long maxEntries = region.settings().maxEntries();
        this.region = region;
        this.repeatFilter = mode.equals("first-miss") ? null
                : new RepeatFilter(Math.toIntExact(Math.min(1 << 24, maxEntries)));
        this.onlyWhenFull = mode.equals("second-miss-when-full");
        this.fillCheckInterval = (int) Math.max(1, Math.min(64, maxEntries / 64));
    }

    boolean admits(QueryKey key, boolean hintedCache) {
        if (repeatFilter == null || hintedCache || onlyWhenFull && !regionFull()) {
            return true;
        }
        return repeatFilter.seenBefore(key.hashCode());
    }

    /**
     * The region's fill ratio, read once per {@code fillCheckInterval} misses; unknown (-1) counts as room.
     * A failing read propagates: the caller treats it as one of Strata's own failures.
     */
    private boolean regionFull() {
        if (Integer.remainderUnsigned(missesSinceFillCheck.getAndIncrement(), fillCheckInterval) == 0) {
            try {
                regionFull = region.fillRatio() >= FULL;
            } catch (RuntimeException e) {
                regionFull = false; // until the next look, as if there were room
                throw e;
            }
        }
        return regionFull;
    }
}
