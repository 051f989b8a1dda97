package org.stratacache.core.jcache;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

import org.stratacache.core.Region;
import org.stratacache.core.tier.StoredEntry;

/**
 * A {@code javax.cache.Cache} view of one region, for code and tools that speak JSR-107. Reads and writes
 * go through the region, so tags, statistics and invalidation behave exactly as through {@link Region}.
 *
 * <p>The view belongs to the region: {@link #close()} does not close the region (its store does). Entry
 * listeners are not offered on this view; a {@code CachingProvider} over regions is the place for the full
 * JSR-107 feature set.
 */
public final class RegionCacheView<K, V> implements Cache<K, V> {

    /** What the view needs from the region beyond its public API. */
    public interface Access<K, V> {
        Iterator<Map.Entry<K, StoredEntry<V>>> entries();

        boolean usable(StoredEntry<V> entry);
    }

    private final Region<K, V> region;
    private final Access<K, V> access;
    private final Object mutationLock = new Object();

    public RegionCacheView(Region<K, V> region, Access<K, V> access) {
        this.region = region;
        this.access = access;
    }

    @Override
    public V get(K key) {
        return region.get(key);
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        return region.getAll(keys);
    }

    @Override
    public boolean containsKey(K key) {
        return region.get(key) != null;
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        // A region view has no CacheLoader configured: as the spec says for that case, nothing is loaded.
        if (listener != null) {
            listener.onCompletion();
        }
    }

    @Override
    public void put(K key, V value) {
        region.put(key, value);
    }

    @Override
    public V getAndPut(K key, V value) {
        synchronized (mutationLock) {
            V old = region.get(key);
            region.put(key, value);
            return old;
        }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        map.forEach((k, v) -> region.put(k, v));
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        return region.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(K key) {
        synchronized (mutationLock) {
            boolean present = region.get(key) != null;
            region.invalidate(key);
            return present;
        }
    }

    @Override
    public boolean remove(K key, V oldValue) {
        synchronized (mutationLock) {
            if (Objects.equals(region.get(key), oldValue)) {
                region.invalidate(key);
                return true;
            }
            return false;
        }
    }

    @Override
    public V getAndRemove(K key) {
        synchronized (mutationLock) {
            V old = region.get(key);
            region.invalidate(key);
            return old;
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        synchronized (mutationLock) {
            if (Objects.equals(region.get(key), oldValue)) {
                region.put(key, newValue);
                return true;
            }
            return false;
        }
    }

    @Override
    public boolean replace(K key, V value) {
        synchronized (mutationLock) {
            if (region.get(key) != null) {
                region.put(key, value);
                return true;
            }
            return false;
        }
    }

    @Override
    public V getAndReplace(K key, V value) {
        synchronized (mutationLock) {
            V old = region.get(key);
            if (old != null) {
                region.put(key, value);
            }
            return old;
        }
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        keys.forEach(region::invalidate);
    }

    @Override
    public void removeAll() {
        region.invalidateAll();
    }

    @Override
    public void clear() {
        region.invalidateAll();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        MutableConfiguration<K, V> config = new MutableConfiguration<K, V>()
                .setStoreByValue(region.settings().storeByValue())
                .setExpiryPolicyFactory(region.settings().expires()
                        ? CreatedExpiryPolicy.factoryOf(new Duration(java.util.concurrent.TimeUnit.MILLISECONDS,
                        region.settings().ttl().toMillis()))
                        : EternalExpiryPolicy.factoryOf());
        if (type.isInstance(config)) {
            return (C) config;
        }
        throw new IllegalArgumentException("the configuration of a region view is a MutableConfiguration, not a "
                + type.getName());
    }

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        synchronized (mutationLock) {
            ViewEntry entry = new ViewEntry(key);
            try {
                T result = processor.process(entry, arguments);
                entry.apply();
                return result;
            } catch (EntryProcessorException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new EntryProcessorException(e);
            }
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, () -> result);
                }
            } catch (EntryProcessorException e) {
                results.put(key, () -> {
                    throw e;
                });
            }
        }
        return results;
    }

    @Override
    public String getName() {
        return region.name();
    }

    @Override
    public CacheManager getCacheManager() {
        return null; // a view of a region store's region, not managed by a JCache CacheManager
    }

    @Override
    public void close() {
        // the region's lifecycle belongs to its RegionStore
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(region)) {
            return type.cast(region);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a region view unwraps to Region or Cache, not " + type.getName());
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
        throw new UnsupportedOperationException("entry listeners are not available on a region view ("
                + region.name() + "); use the Strata CachingProvider for listeners");
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
        throw new UnsupportedOperationException("entry listeners are not available on a region view ("
                + region.name() + ")");
    }

    @Override
    public Iterator<Entry<K, V>> iterator() {
        Iterator<Map.Entry<K, StoredEntry<V>>> raw = access.entries();
        return new Iterator<>() {
            private Entry<K, V> next = advance();
            private K lastKey;

            private Entry<K, V> advance() {
                while (raw.hasNext()) {
                    Map.Entry<K, StoredEntry<V>> e = raw.next();
                    if (e.getValue() != null && access.usable(e.getValue())) {
                        return new SimpleEntry<>(e.getKey(), e.getValue().value());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entry<K, V> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Entry<K, V> current = next;
                lastKey = current.getKey();
                next = advance();
                return current;
            }

            @Override
            public void remove() {
                if (lastKey == null) {
                    throw new IllegalStateException("next() has not been called");
                }
                region.invalidate(lastKey);
                lastKey = null;
            }
        };
    }

    private record SimpleEntry<K, V>(K key, V value) implements Entry<K, V> {
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
            throw new IllegalArgumentException("cannot unwrap an entry to " + type.getName());
        }
    }

    /** The mutable entry an entry processor sees; changes apply when it returns. */
    private final class ViewEntry implements MutableEntry<K, V> {
        private final K key;
        private V value;
        private boolean changed;

        ViewEntry(K key) {
            this.key = key;
            this.value = region.get(key);
        }

        @Override
        public boolean exists() {
            return value != null;
        }

        @Override
        public void remove() {
            value = null;
            changed = true;
        }

        @Override
        public void setValue(V newValue) {
            value = Objects.requireNonNull(newValue, "value");
            changed = true;
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
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException("cannot unwrap a region view entry to " + type.getName());
        }

        void apply() {
            if (!changed) {
                return;
            }
            if (value == null) {
                region.invalidate(key);
            } else {
                region.put(key, value);
            }
        }
    }
}
