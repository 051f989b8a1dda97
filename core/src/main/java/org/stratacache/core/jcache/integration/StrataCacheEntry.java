package org.stratacache.core.jcache.integration;

import java.io.Serializable;

import javax.cache.Cache;

/** A key and value handed out by a Strata cache (iteration) or to a {@code CacheWriter}. */
public record StrataCacheEntry<K, V>(K key, V value) implements Cache.Entry<K, V>, Serializable {

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a Strata cache entry unwraps to Cache.Entry, not " + type.getName());
    }
}
