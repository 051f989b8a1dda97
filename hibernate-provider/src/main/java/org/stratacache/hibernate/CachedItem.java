package org.stratacache.hibernate;

import java.io.Serializable;
import java.util.Comparator;

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

    boolean readableAt(long txTimestamp) {
        return txTimestamp > timestamp;
    }

    /** A load may replace this value only with a strictly newer version. */
    boolean replaceableBy(Object newVersion, Comparator<Object> versions) {
        return version != null && newVersion != null && versions != null
                && versions.compare(version, newVersion) < 0;
    }
}
