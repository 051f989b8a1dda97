package org.stratacache.core.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One change of one entry as listeners see it. For REMOVED and EXPIRED events the value is the value the
 * entry had (so {@code getValue()} and {@code getOldValue()} agree); CREATED events carry no old value.
 */
final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {
    private static final long serialVersionUID = 1L;

    private final K key;
    private final V value;
    private final V oldValue;

    EntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
    }

    static <K, V> EntryEvent<K, V> created(Cache<K, V> source, K key, V value) {
        return new EntryEvent<>(source, EventType.CREATED, key, value, null);
    }

    static <K, V> EntryEvent<K, V> updated(Cache<K, V> source, K key, V value, V oldValue) {
        return new EntryEvent<>(source, EventType.UPDATED, key, value, oldValue);
    }

    static <K, V> EntryEvent<K, V> removed(Cache<K, V> source, K key, V oldValue) {
        return new EntryEvent<>(source, EventType.REMOVED, key, oldValue, oldValue);
    }

    static <K, V> EntryEvent<K, V> expired(Cache<K, V> source, K key, V oldValue) {
        return new EntryEvent<>(source, EventType.EXPIRED, key, oldValue, oldValue);
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public V getOldValue() {
        return oldValue;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValue != null;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a cache entry event unwraps to CacheEntryEvent, not " + type.getName());
    }

    @Override
    public String toString() {
        return "EntryEvent[" + getEventType() + " " + key + "]";
    }
}
