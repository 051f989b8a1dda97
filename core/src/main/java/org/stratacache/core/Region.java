package org.stratacache.core;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiFunction;

import javax.cache.Cache;

import org.stratacache.core.tag.TagSnapshot;

/**
 * A named cache of key to value with its own settings, owned by a {@link RegionStore}.
 *
 * <p>Semantics every implementation keeps:
 * <ul>
 *   <li><b>Nothing stale.</b> A value stored against a {@link TagSnapshot} is never returned once any of its
 *       tags was invalidated after the snapshot; a value whose load started before {@link #invalidate} or
 *       {@link #invalidateAll} is never stored.</li>
 *   <li><b>Single-flight read-through.</b> Concurrent misses of one key in this JVM run the loader once;
 *       a loader failure reaches every waiter and caches nothing.</li>
 *   <li><b>Degrade, never fail.</b> When the tier fails, reads behave as misses and stores are skipped;
 *       the failure is counted in {@link RegionStats#tierFailures()} and never thrown.</li>
 * </ul>
 * Keys and values must not be null. Values should be immutable: with store-by-reference (the default)
 * the cache hands out the very object that was stored.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Region<K, V> {

    String name();

    RegionSettings settings();

    /** The cached value, or {@code null} on a miss. */
    V get(K key);

    /** The cached values of those keys that hit; misses are absent from the map. */
    Map<K, V> getAll(Collection<? extends K> keys);

    /** Read-through: the cached value, or the loader's value (stored, then returned). */
    V get(K key, Loader<? super K, ? extends V> loader);

    /**
     * Read-through with tags: the tag versions are taken before the loader runs and the value is stored
     * against them, so an invalidation of any tag during the load leaves nothing stale behind.
     */
    V get(K key, Collection<String> tags, Loader<? super K, ? extends V> loader);

    void put(K key, V value);

    /** Stores the value tagged with the tags' current versions. */
    void put(K key, V value, Collection<String> tags);

    /**
     * Stores a value loaded after {@code snapshot} was taken. Returns false, storing nothing, when the
     * snapshot is already stale.
     */
    boolean put(K key, V value, TagSnapshot snapshot);

    /** As {@link #put(Object, Object, TagSnapshot)} with this entry's own TTL ({@link Duration#ZERO}: no expiry). */
    boolean put(K key, V value, TagSnapshot snapshot, Duration ttl);

    /** Stores the value unless a usable one is already cached; true when stored. */
    boolean putIfAbsent(K key, V value);

    /**
     * Atomically replaces the value of one key: {@code remapping} receives the current usable value
     * ({@code null} when absent, expired or stale) and returns the new value, or {@code null} to remove the
     * entry. The transition is serialised with every other mutation of the key (puts, invalidations, loader
     * stores, other computes) and is applied to the tier as a compare-and-set, retried when the entry
     * changed underneath (another process sharing the tier), so {@code remapping} must be a pure function
     * of its arguments: it may run more than once. Returning the current value unchanged stores nothing.
     * A new value cancels the store of any load of the key in flight, as {@link #put} does.
     *
     * <p>This is the building block for per-key state machines kept in the cache (Hibernate's soft locks)
     * without a region-wide lock. When the tier fails, the call degrades like a put: nothing is stored and
     * {@code null} is returned.
     *
     * @return the value now held for the key, or {@code null} when it was removed (or the tier failed)
     */
    V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping);

    /** Removes the key and cancels the store of any load of it in flight. */
    void invalidate(K key);

    /** Makes every current entry and every load in flight stale; O(1) plus releasing the memory. */
    void invalidateAll();

    /** Makes every entry carrying {@code tag}, in any region of the store, stale. */
    void invalidateTag(String tag);

    /** A snapshot of the tags' current versions, to take before loading. */
    TagSnapshot snapshot(Collection<String> tags);

    RegionStats stats();

    /**
     * How full the region's local storage is: entries held (stale ones included, they take room until pushed
     * out) over {@code max-entries}, from 0 to 1; -1 when the tier cannot tell cheaply. Constant time, unlike
     * {@link #stats()}, which counts current entries.
     */
    double fillRatio();

    /** A {@code javax.cache.Cache} view of the same entries. */
    Cache<K, V> asJCache();
}
