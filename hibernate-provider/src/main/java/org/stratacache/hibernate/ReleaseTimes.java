package org.stratacache.hibernate;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.stratacache.core.Region;

/**
 * When keys of one READ_WRITE region were last released (unlocked, updated or tombstoned), kept apart from the
 * entries so that the release survives the entry: an unlocked {@link SoftLockEntry} refuses every load that began
 * before the release, but an eviction (size, {@code evict}, {@code evictAll}) takes it away, and a load into the
 * absent key would then cache a row read before the commit. {@link ReadWriteAccess} refuses such a load when its
 * transaction began at or before the release time of the key's stripe.
 *
 * <p>Lossy on purpose: {@value #STRIPES} stripes of the latest release, a key's hash picks its stripe, and a stripe
 * only ever moves forward. Two keys sharing a stripe can only make a load be refused that could have been cached
 * (a miss), never the other way round. 32 KiB per region, no allocation per key.
 *
 * <p>One per core {@link Region} in this JVM, shared by every SessionFactory over that region (they share the
 * region's {@link Timestamper} too). On the distributed tier it only covers releases made in this JVM: a release by
 * another member is in the shared store's soft-lock entry, and when that entry is evicted between the release and a
 * load here that began before it, the load is cached (Hibernate's own READ_WRITE has the same case). Sharing these
 * times through the cluster would cost a remote write per release for a case that needs an eviction to fall inside
 * that window.
 */
final class ReleaseTimes {
    static final int STRIPES = 4096;
    private static final Map<Region<?, ?>, ReleaseTimes> BY_REGION = Collections.synchronizedMap(new WeakHashMap<>());

    private final AtomicLongArray latest = new AtomicLongArray(STRIPES);

    /** The release times of {@code region}, made on first use. */
    static ReleaseTimes of(Region<?, ?> region) {
        return BY_REGION.computeIfAbsent(region, r -> new ReleaseTimes());
    }

    /** {@code key} was released at {@code timestamp}: its stripe moves forward to it (never back). */
    void record(Object key, long timestamp) {
        latest.accumulateAndGet(stripe(key), timestamp, Math::max);
    }

    /** The latest release recorded for {@code key}'s stripe (0 when none). */
    long lastRelease(Object key) {
        return latest.get(stripe(key));
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
