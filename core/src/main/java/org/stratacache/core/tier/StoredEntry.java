package org.stratacache.core.tier;

import java.io.Serializable;
import java.util.Objects;

import org.stratacache.core.tag.TagSnapshot;

/**
 * What a tier stores for one key: the value plus what a region needs to decide whether it may still be
 * served. Immutable, so the local tier can hold it by reference; serializable for store-by-value and the
 * distributed tier (then the value must be serializable too).
 *
 * @param value         the cached value, never null
 * @param tags          versions of the entry's tags taken before the value was loaded
 * @param regionEpoch   the region's invalidate-all epoch when the load started
 * @param storedAtMillis wall-clock time of the store, for refresh-ahead
 * @param ttlMillis     this entry's own time to live, or {@code -1} for the region's TTL; 0 = no expiry
 * @param <V>           value type
 */
public record StoredEntry<V>(V value, TagSnapshot tags, long regionEpoch, long storedAtMillis, long ttlMillis)
        implements Serializable {

    public StoredEntry {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(tags, "tags");
    }

    /** True when the entry carries its own TTL instead of the region's. */
    public boolean hasOwnTtl() {
        return ttlMillis >= 0;
    }
}
