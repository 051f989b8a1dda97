package org.stratacache.core.tier;

import java.util.Iterator;
import java.util.Map;

/**
 * The storage of one region inside a tier. A plain key-value map of {@link StoredEntry} with expiry and a
 * size bound; it knows nothing of tags, loaders or statistics — the region layers those on top.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #get} returns {@code null} for a missing or expired key, never a stale-by-TTL entry.</li>
 *   <li>Single-key operations are atomic per key; {@link #putIfAbsent} and {@link #replace} are
 *       compare-and-set operations (values compared with {@code equals}).</li>
 *   <li>Any method may throw a {@link RuntimeException} when the tier fails (distributed tier unreachable);
 *       the region counts it and degrades to a miss — it never reaches the application.</li>
 *   <li>Evictions and expirations are either counted by the tier ({@link #evictions()}) or reported to the
 *       {@link TierListener} given at creation.</li>
 * </ul>
 *
 * @param <K> key type
 * @param <V> value type (inside the stored entries)
 */
public interface TierCache<K, V> extends AutoCloseable {

    StoredEntry<V> get(K key);

    void put(K key, StoredEntry<V> entry);

    /** Stores {@code entry} when the key has no entry; returns the existing entry otherwise. */
    StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry);

    /** Replaces {@code expected} with {@code entry}; false when the current entry is not {@code expected}. */
    boolean replace(K key, StoredEntry<V> expected, StoredEntry<V> entry);

    void remove(K key);

    void clear();

    /** Entries currently held (an estimate for tiers that cannot count exactly). */
    long size();

    /** A weakly consistent iteration over the held entries. */
    Iterator<Map.Entry<K, StoredEntry<V>>> iterator();

    /**
     * Evictions counted by the tier itself, or -1 when the tier reports them to its {@link TierListener}
     * instead.
     */
    default long evictions() {
        return -1;
    }

    /**
     * Entries held right now, stale ones included, when the tier can tell in constant time; -1 otherwise.
     * Unlike {@link #size()} it never walks the entries.
     */
    default long heldEntries() {
        return -1;
    }

    /** Expirations counted by the tier itself, or -1 when reported to the {@link TierListener}. */
    default long expirations() {
        return -1;
    }

    /** Releases the storage; the cache is unusable afterwards. */
    @Override
    void close();
}
