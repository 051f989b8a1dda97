package org.stratacache.hibernate;

import java.io.Serializable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * A READ_WRITE entry holding a value: Hibernate's cache entry, its version, and the timestamp from which
 * transactions may read it. Immutable, so the local tier holds it by reference and every soft-lock
 * transition replaces it instead of changing it.
 *
 * @param value     Hibernate's cache entry (disassembled state, collection entry, or entity id)
 * @param version   the entity version, or {@code null} when not versioned
 * @param timestamp only transactions whose caching timestamp is later may read the value
 */
record CachedItem(Object value, Object version, long timestamp) implements Serializable {

    /**
     * Structured cache entries ({@code hibernate.cache.use_structured_entries}) are {@link HashMap}s, whose
     * bytes hold their table size and their table order, and a HashMap read back from its bytes gets another
     * table size: it serializes to other bytes than the stored ones. The distributed tier's compare-and-set
     * compares bytes, so every soft-lock transition of such an entry lost (seen with a composite-id entity).
     * A sorted copy serializes the same after any number of round trips. Only maps keyed by strings (property
     * names: entity entries) are copied; a structured map-collection entry with other keys is kept as is.
     */
    CachedItem {
        if (value instanceof HashMap<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            value = new TreeMap<>(map);
        }
    }

    boolean readableAt(long txTimestamp) {
        return txTimestamp > timestamp;
    }

    /** A load may replace this value only with a strictly newer version. */
    boolean replaceableBy(Object newVersion, Comparator<Object> versions) {
        return version != null && newVersion != null && versions != null
                && versions.compare(version, newVersion) < 0;
    }
}
