package org.stratacache.core.jcache;

import java.util.Iterator;
import java.util.Map;

import javax.cache.Cache;

import org.stratacache.core.Region;
import org.stratacache.core.tier.StoredEntry;

/**
 * {@link Region#asJCache()}: the {@code javax.cache.Cache} view of one region, for code and tools that speak
 * JSR-107. It is the provider's cache implementation ({@code StrataCache}) configured over the region
 * ({@code RegionEntries}): reads and writes go through the region, so tags, statistics and invalidation behave
 * exactly as through {@link Region}. The view has no loader, writer or entry listeners (registering one is
 * refused), no JSR-107 statistics or MXBeans of its own (the region counts), and belongs to the region:
 * closing it does nothing, its store closes the region.
 */
public final class RegionView {
    private RegionView() {
    }

    /** What the view needs from the region beyond its public API. */
    public interface Access<K, V> {
        /** Reads the key as {@link Region#get} does, counted as a hit or a miss, but returns the entry. */
        StoredEntry<V> read(K key);

        /** The region's entries, stale ones included (weakly consistent). */
        Iterator<Map.Entry<K, StoredEntry<V>>> entries();

        /** False for an entry made stale by a tag or region invalidation. */
        boolean usable(StoredEntry<V> entry);
    }

    /** The view of {@code region}; the region keeps it and hands out the same one every time. */
    public static <K, V> Cache<K, V> of(Region<K, V> region, Access<K, V> access) {
        return StrataCache.viewOf(region, new RegionEntries<>(region, access));
    }
}
