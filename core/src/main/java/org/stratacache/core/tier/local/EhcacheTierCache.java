package org.stratacache.core.tier.local;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.core.statistics.TierStatistics;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;

/** One region's storage in the local tier: a thin adapter over an Ehcache {@link Cache}. */
final class EhcacheTierCache<K, V> implements TierCache<K, V> {
    private final CacheManager cacheManager;
    private final String alias;
    private final Cache<K, StoredEntry<V>> cache;
    /** The heap tier's counters: evictions, expirations and mappings (see {@link LocalTier} on why not the cache's). */
    private final TierStatistics statistics;

    EhcacheTierCache(CacheManager cacheManager, String alias, Cache<K, StoredEntry<V>> cache,
                     TierStatistics statistics) {
        this.statistics = statistics;
        this.cacheManager = cacheManager;
        this.alias = alias;
        this.cache = cache;
    }

    @Override
    public StoredEntry<V> get(K key) {
        return cache.get(key);
    }

    @Override
    public void put(K key, StoredEntry<V> entry) {
        cache.put(key, entry);
    }

    @Override
    public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
        return cache.putIfAbsent(key, entry);
    }

    @Override
    public boolean replace(K key, StoredEntry<V> expected, StoredEntry<V> entry) {
        return cache.replace(key, expected, entry);
    }

    @Override
    public void remove(K key) {
        cache.remove(key);
    }

    @Override
    public void clear() {
        cache.clear();
    }

    @Override
    public long size() {
        long n = 0;
        for (Cache.Entry<K, StoredEntry<V>> ignored : cache) {
            n++;
        }
        return n;
    }

    @Override
    public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
        return new MappedIterator<>(cache.iterator(),
                e -> new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
    }

    @Override
    public long evictions() {
        return statistics.getEvictions();
    }

    @Override
    public long heldEntries() {
        // Ehcache's heap tier answers from its map's counter: no walk, unlike size()
        return statistics.getMappings();
    }

    @Override
    public long expirations() {
        return statistics.getExpirations();
    }

    @Override
    public void close() {
        try {
            cacheManager.removeCache(alias);
        } catch (IllegalStateException alreadyClosed) {
            // the manager was closed with the whole tier: nothing left to release
        }
    }
}
