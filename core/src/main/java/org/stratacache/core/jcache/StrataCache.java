package org.stratacache.core.jcache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
import javax.management.ObjectName;

import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.internal.stats.JmxRegistration;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;

/**
 * A JSR-107 cache over one {@link TierCache} of the manager's region store.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Atomic per key.</b> Every operation on a key runs under that key's stripe of {@link KeyLocks}:
 *       read the live entry, call the writer (write-through), change the tier, count statistics, and collect
 *       the events. So a conditional operation or an entry processor sees the current value and nothing
 *       interleaves between the writer call and the store. Bulk operations take one key at a time.</li>
 *   <li><b>Events once per mutation.</b> Each operation collects exactly the events of the changes it made,
 *       with the value each replaced. Asynchronous listeners get them queued while the key's lock is held
 *       (so per key they arrive in mutation order); synchronous listeners run after the locks are released
 *       (so a listener may use the cache) and before the call returns.</li>
 *   <li><b>Expiry is ours, not the tier's</b> ({@link Expiry}): each tier record carries its expiry time; an
 *       entry found expired (by any operation) is removed and reported EXPIRED with its value. "Keep the
 *       current expiry" keeps the time; a zero duration never stores (creation) or removes at once (update,
 *       access), as the specification says.</li>
 *   <li><b>Store-by-value</b> keeps each value serialized in the tier and each key as a private copy, so
 *       neither the caller who stored it nor readers can change the cached state; store-by-reference keeps
 *       the objects themselves (the local tier hands out the same instance).</li>
 * </ul>
 */
final class StrataCache<K, V> implements Cache<K, V> {
    /** The access duration was not asked for yet. */
    private static final long NOT_ASKED = Long.MIN_VALUE;

    private static final CompletionListener NO_COMPLETION_LISTENER = new CompletionListener() {
        @Override
        public void onCompletion() {
        }

        @Override
        public void onException(Exception e) {
        }
    };

    private final StrataCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration; // live; listener list and flags guarded by itself
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final boolean storeByValue;
    private final SerializingCopier copier;
    private final TierCache<Object, Object> storage;
    private final Expiry expiry;
    private final boolean readThrough;
    private final Integration<K, V> integration; // loader, writer, write-behind
    private final CopyOnWriteArrayList<ListenerRegistration<K, V>> listeners = new CopyOnWriteArrayList<>();
    private final CacheStatistics statistics;
    private final KeyLocks locks = new KeyLocks(256);
    private final ObjectName statisticsName;
    private final ObjectName configurationName;
    private volatile boolean closed;

    StrataCache(StrataCacheManager manager, String name, MutableConfiguration<K, V> configuration) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.keyType = configuration.getKeyType();
        this.valueType = configuration.getValueType();
        this.storeByValue = configuration.isStoreByValue();
        this.statistics = new CacheStatistics(name);
        this.copier = new SerializingCopier("cache '" + name + "'", "configure the cache with setStoreByValue(false)",
                manager.getClassLoader(), CacheException::new);
        Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
        this.expiry = new Expiry(expiryFactory == null ? new EternalExpiryPolicy() : expiryFactory.create());
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            listeners.add(new ListenerRegistration<>(listener, manager.executor()));
        }
        String managerName = manager.getURI().toString();
        this.statisticsName = JmxRegistration.objectName("CacheStatistics", managerName, name);
        this.configurationName = JmxRegistration.objectName("CacheConfiguration", managerName, name);
        // Last, the things that hold resources: storage, loader/writer/write-behind thread, MXBeans; undone
        // when something fails on the way.
        this.storage = manager.createStorage(name, statistics);
        statistics.countedBy(storage);
        Integration<K, V> created = null;
        try {
            created = Integration.create(name, configuration, manager::openWriteBehind);
            setStatisticsEnabled(configuration.isStatisticsEnabled());
            setManagementEnabled(configuration.isManagementEnabled());
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            JmxRegistration.unregister(statisticsName);
            JmxRegistration.unregister(configurationName);
            storage.close();
            throw e;
        }
        this.integration = created;
        this.readThrough = configuration.isReadThrough() && created.canLoad();
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        // Fast path without the lock: a live entry whose access leaves its expiry as it is (the common
        // case: eternal, created or modified expiry) is a plain read. ExpiryPolicy answers do not depend on
        // the entry, so the answer asked here also serves the locked path.
        long accessTtl = NOT_ASKED;
        StoredEntry<Object> seen = storage.get(key);
        if (seen != null && !Expiry.expired(seen, now())) {
            accessTtl = expiry.onAccess();
            if (accessTtl == Expiry.KEEP) {
                statistics.hit();
                V value = valueOf(seen);
                statistics.getTime(start);
                return value;
            }
        }
        EventList<K, V> events = new EventList<>();
        V result;
        ReentrantLock lock = lock(key);
        try {
            result = getLocked(key, accessTtl, events);
        } finally {
            release(lock, events);
        }
        statistics.getTime(start);
        fire(events);
        return result;
    }

    private V getLocked(K key, long accessTtl, List<EntryEvent<K, V>> events) {
        long now = now();
        StoredEntry<Object> entry = readLive(key, now, events);
        if (entry != null) {
            statistics.hit();
            V value = valueOf(entry);
            applyAccess(key, entry, value, now, accessTtl == NOT_ASKED ? expiry.onAccess() : accessTtl, events);
            return value;
        }
        statistics.miss();
        if (!readThrough) {
            return null;
        }
        V loaded = integration.load(key);
        if (loaded != null && create(key, loaded, toStored(loaded), now(), events)) {
            statistics.put();
        }
        return loaded;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        long start = System.nanoTime();
        EventList<K, V> events = new EventList<>();
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (K key : keys) {
            ReentrantLock lock = lock(key);
            try {
                long now = now();
                StoredEntry<Object> entry = readLive(key, now, events);
                if (entry == null) {
                    statistics.miss();
                    missing.add(key);
                } else {
                    statistics.hit();
                    V value = valueOf(entry);
                    access(key, entry, value, now, events);
                    result.put(key, value);
                }
            } finally {
                release(lock, events);
            }
        }
        if (readThrough && !missing.isEmpty()) {
            Map<K, V> loaded = integration.loadAll(missing);
            for (Map.Entry<K, V> e : loaded.entrySet()) {
                K key = e.getKey();
                V value = e.getValue();
                if (key == null || value == null) {
                    continue;
                }
                ReentrantLock lock = lock(key);
                try {
                    if (create(key, value, toStored(value), now(), events)) {
                        statistics.put();
                    }
                } finally {
                    release(lock, events);
                }
                result.put(key, value);
            }
        }
        statistics.getTime(start);
        fire(events);
        return result;
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        EventList<K, V> events = new EventList<>();
        boolean present;
        ReentrantLock lock = lock(key);
        try {
            present = readLive(key, now(), events) != null;
        } finally {
            release(lock, events);
        }
        fire(events);
        return present;
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        ensureOpen();
        requireKeys(keys);
        CompletionListener done = completionListener == null ? NO_COMPLETION_LISTENER : completionListener;
        if (!integration.canLoad()) {
            done.onCompletion();
            return;
        }
        List<K> requested = new ArrayList<>(keys);
        manager.executor().execute(() -> {
            try {
                loadAllNow(requested, replaceExistingValues);
                done.onCompletion();
            } catch (Exception e) {
                done.onException(e);
            }
        });
    }

    private void loadAllNow(List<K> requested, boolean replaceExisting) {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
            if (replaceExisting || !containsKey(key)) {
                toLoad.add(key);
            }
        }
        if (toLoad.isEmpty()) {
            return;
        }
        Map<K, V> loaded = integration.loadAll(toLoad);
        EventList<K, V> events = new EventList<>();
        for (Map.Entry<K, V> e : loaded.entrySet()) {
            K key = e.getKey();
            V value = e.getValue();
            if (key == null || value == null) {
                continue;
            }
            ReentrantLock lock = lock(key);
            try {
                long now = now();
                StoredEntry<Object> existing = readLive(key, now, events);
                if (existing == null) {
                    if (create(key, value, toStored(value), now, events)) {
                        statistics.put();
                    }
                } else if (replaceExisting) {
                    update(key, value, toStored(value), existing, oldValueFor(existing), now, events);
                    statistics.put();
                }
            } finally {
                release(lock, events);
            }
        }
        fire(events);
    }

    // ---- writes -------------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long start = System.nanoTime();
        Object stored = toStored(value);
        EventList<K, V> events = new EventList<>();
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> old = readLive(key, now, events);
            integration.write(key, value);
            store(key, value, stored, old, now, events);
        } finally {
            release(lock, events);
        }
        statistics.putTime(start);
        fire(events);
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long start = System.nanoTime();
        Object stored = toStored(value);
        EventList<K, V> events = new EventList<>();
        V previous;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> old = readLive(key, now, events);
            previous = old == null ? null : valueOf(old);
            if (old == null) {
                statistics.miss();
            } else {
                statistics.hit();
            }
            integration.write(key, value);
            store(key, value, stored, old, previous, now, events);
        } finally {
            release(lock, events);
        }
        statistics.getTime(start);
        statistics.putTime(start);
        fire(events);
        return previous;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        Objects.requireNonNull(map, "map");
        Map<K, V> entries = new LinkedHashMap<>();
        Map<K, Object> storedForms = new HashMap<>();
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            requireEntry(e.getKey(), e.getValue());
            entries.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<K, V> e : entries.entrySet()) {
            storedForms.put(e.getKey(), toStored(e.getValue()));
        }
        long start = System.nanoTime();
        Integration.Outcome<K> outcome = integration.writeAll(entries);
        EventList<K, V> events = new EventList<>();
        for (K key : outcome.done()) {
            ReentrantLock lock = lock(key);
            try {
                long now = now();
                StoredEntry<Object> old = readLive(key, now, events);
                store(key, entries.get(key), storedForms.get(key), old, now, events);
            } finally {
                release(lock, events);
            }
        }
        statistics.putTime(start);
        fire(events);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long start = System.nanoTime();
        Object stored = toStored(value);
        EventList<K, V> events = new EventList<>();
        boolean stored0;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> old = readLive(key, now, events);
            if (old != null) {
                statistics.hit();
                stored0 = false;
            } else {
                statistics.miss();
                integration.write(key, value);
                if (create(key, value, stored, now, events)) {
                    statistics.put();
                }
                stored0 = true;
            }
        } finally {
            release(lock, events);
        }
        statistics.putTime(start);
        fire(events);
        return stored0;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        EventList<K, V> events = new EventList<>();
        boolean removed;
        ReentrantLock lock = lock(key);
        try {
            StoredEntry<Object> old = readLive(key, now(), events);
            integration.delete(key);
            removed = old != null;
            if (removed) {
                removeEntry(key, oldValueFor(old), events);
            }
        } finally {
            release(lock, events);
        }
        statistics.removeTime(start);
        fire(events);
        return removed;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = System.nanoTime();
        EventList<K, V> events = new EventList<>();
        boolean removed = false;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> entry = readLive(key, now, events);
            if (entry == null) {
                statistics.miss();
            } else {
                statistics.hit();
                V current = valueOf(entry);
                if (current.equals(oldValue)) {
                    integration.delete(key);
                    removeEntry(key, current, events);
                    removed = true;
                } else {
                    access(key, entry, current, now, events);
                }
            }
        } finally {
            release(lock, events);
        }
        statistics.removeTime(start);
        fire(events);
        return removed;
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        EventList<K, V> events = new EventList<>();
        V previous;
        ReentrantLock lock = lock(key);
        try {
            StoredEntry<Object> old = readLive(key, now(), events);
            integration.delete(key);
            if (old == null) {
                statistics.miss();
                previous = null;
            } else {
                statistics.hit();
                previous = valueOf(old);
                removeEntry(key, previous, events);
            }
        } finally {
            release(lock, events);
        }
        statistics.getTime(start);
        statistics.removeTime(start);
        fire(events);
        return previous;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        requireEntry(key, newValue);
        long start = System.nanoTime();
        Object stored = toStored(newValue);
        EventList<K, V> events = new EventList<>();
        boolean replaced = false;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> entry = readLive(key, now, events);
            if (entry == null) {
                statistics.miss();
            } else {
                statistics.hit();
                V current = valueOf(entry);
                if (current.equals(oldValue)) {
                    integration.write(key, newValue);
                    update(key, newValue, stored, entry, current, now, events);
                    statistics.put();
                    replaced = true;
                } else {
                    access(key, entry, current, now, events);
                }
            }
        } finally {
            release(lock, events);
        }
        statistics.putTime(start);
        fire(events);
        return replaced;
    }

    @Override
    public boolean replace(K key, V value) {
        return getAndReplace(key, value, false) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        return getAndReplace(key, value, true);
    }

    /** Replaces a present entry; returns its old value (or any non-null marker when not {@code wanted}). */
    private V getAndReplace(K key, V value, boolean oldValueWanted) {
        ensureOpen();
        requireEntry(key, value);
        long start = System.nanoTime();
        Object stored = toStored(value);
        EventList<K, V> events = new EventList<>();
        V previous = null;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> entry = readLive(key, now, events);
            if (entry == null) {
                statistics.miss();
            } else {
                statistics.hit();
                previous = oldValueWanted ? valueOf(entry) : oldValueFor(entry);
                integration.write(key, value);
                update(key, value, stored, entry, previous, now, events);
                statistics.put();
                if (previous == null) {
                    previous = value; // only "was present" matters to replace(K, V)
                }
            }
        } finally {
            release(lock, events);
        }
        statistics.putTime(start);
        fire(events);
        return previous;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        removeAllNow(new LinkedHashSet<>(keys));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void removeAll() {
        ensureOpen();
        Set<K> live = new LinkedHashSet<>();
        long now = now();
        Iterator<Map.Entry<Object, StoredEntry<Object>>> it = storage.iterator();
        while (it.hasNext()) {
            Map.Entry<Object, StoredEntry<Object>> e = it.next();
            if (e.getValue() != null && !Expiry.expired(e.getValue(), now)) {
                live.add((K) e.getKey());
            }
        }
        removeAllNow(live);
    }

    private void removeAllNow(Set<K> keys) {
        long start = System.nanoTime();
        Integration.Outcome<K> outcome = integration.deleteAll(keys);
        EventList<K, V> events = new EventList<>();
        for (K key : outcome.done()) {
            ReentrantLock lock = lock(key);
            try {
                StoredEntry<Object> old = readLive(key, now(), events);
                if (old != null) {
                    removeEntry(key, oldValueFor(old), events);
                }
            } finally {
                release(lock, events);
            }
        }
        statistics.removeTime(start);
        fire(events);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
    }

    @Override
    public void clear() {
        ensureOpen();
        storage.clear();
    }

    // ---- entry processors ---------------------------------------------------------------------------

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        EventList<K, V> events = new EventList<>();
        T result;
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> entry = readLive(key, now, events);
            if (entry == null) {
                statistics.miss();
            } else {
                statistics.hit();
            }
            ProcessorEntry mutable = new ProcessorEntry(key, entry == null ? null : valueOf(entry));
            try {
                result = entryProcessor.process(mutable, arguments);
                mutable.apply(entry, now(), events);
            } catch (EntryProcessorException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException("entry processor " + entryProcessor.getClass().getName()
                        + " failed on key " + key + " of cache '" + name + "'", e);
            }
        } finally {
            release(lock, events);
        }
        fire(events);
        return result;
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
                                                         Object... arguments) {
        ensureOpen();
        requireKeys(keys);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, entryProcessor, arguments);
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

    /** What an entry processor did to its entry, reduced to the net effect that is applied afterwards. */
    private enum Change { NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE }

    /** The entry an entry processor works on; nothing reaches the cache until the processor returns. */
    private final class ProcessorEntry implements MutableEntry<K, V> {
        private final K key;
        private final V original;
        private V value;
        private Change change = Change.NONE;
        private boolean loadTried;

        ProcessorEntry(K key, V original) {
            this.key = key;
            this.original = original;
            this.value = original;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            if (change == Change.NONE) {
                if (value != null) {
                    change = Change.ACCESS;
                } else if (readThrough && !loadTried) {
                    loadTried = true;
                    V loaded = integration.load(key);
                    if (loaded != null) {
                        value = loaded;
                        change = Change.LOAD;
                    }
                }
            }
            return value;
        }

        @Override
        public boolean exists() {
            return value != null;
        }

        @Override
        public void remove() {
            value = null;
            change = change == Change.CREATE || change == Change.LOAD ? Change.NONE : Change.REMOVE;
        }

        @Override
        public void setValue(V newValue) {
            Objects.requireNonNull(newValue, "an entry processor cannot set a null value; use remove()");
            requireTypes(key, newValue);
            value = newValue;
            change = original != null ? Change.UPDATE : Change.CREATE;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new IllegalArgumentException("a mutable entry unwraps to MutableEntry, not " + type.getName());
        }

        void apply(StoredEntry<Object> entry, long now, List<EntryEvent<K, V>> events) {
            switch (change) {
                case NONE -> {
                }
                case ACCESS -> access(key, entry, original, now, events);
                case LOAD -> {
                    if (create(key, value, toStored(value), now, events)) {
                        statistics.put();
                    }
                }
                case CREATE -> {
                    Object stored = toStored(value);
                    integration.write(key, value);
                    if (create(key, value, stored, now, events)) {
                        statistics.put();
                    }
                }
                case UPDATE -> {
                    Object stored = toStored(value);
                    integration.write(key, value);
                    update(key, value, stored, entry, original, now, events);
                    statistics.put();
                }
                case REMOVE -> {
                    integration.delete(key);
                    if (original != null) {
                        removeEntry(key, original, events);
                    }
                }
            }
        }
    }

    // ---- iteration ----------------------------------------------------------------------------------

    @Override
    public Iterator<Entry<K, V>> iterator() {
        ensureOpen();
        Iterator<Map.Entry<Object, StoredEntry<Object>>> raw = storage.iterator();
        return new Iterator<>() {
            private Map.Entry<Object, StoredEntry<Object>> next = advance();
            private K lastKey;

            private Map.Entry<Object, StoredEntry<Object>> advance() {
                long now = now();
                while (raw.hasNext()) {
                    Map.Entry<Object, StoredEntry<Object>> e = raw.next();
                    if (e.getValue() != null && !Expiry.expired(e.getValue(), now)) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Entry<K, V> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<Object, StoredEntry<Object>> current = next;
                next = advance();
                K key = (K) current.getKey();
                V value = valueOf(current.getValue());
                statistics.hit();
                touch(key, value);
                lastKey = key;
                return new StrataCacheEntry<>(storeByValue ? copier.copy(key, "key") : key, value);
            }

            @Override
            public void remove() {
                if (lastKey == null) {
                    throw new IllegalStateException("next() has not been called, or remove() was already called");
                }
                K key = lastKey;
                lastKey = null;
                StrataCache.this.remove(key);
            }
        };
    }

    /** An iterator read: applies the access expiry to the entry if it is still there. */
    private void touch(K key, V value) {
        EventList<K, V> events = new EventList<>();
        ReentrantLock lock = lock(key);
        try {
            long now = now();
            StoredEntry<Object> live = readLive(key, now, events);
            if (live != null) {
                access(key, live, value, now, events);
            }
        } finally {
            release(lock, events);
        }
        fire(events);
    }

    // ---- entry bookkeeping (callers hold the key's lock) ---------------------------------------------

    /** The key's entry if present and unexpired; an expired one is removed and reported. */
    private StoredEntry<Object> readLive(K key, long now, List<EntryEvent<K, V>> events) {
        StoredEntry<Object> entry = storage.get(key);
        if (entry == null) {
            return null;
        }
        if (Expiry.expired(entry, now)) {
            storage.remove(key);
            if (!listeners.isEmpty()) {
                events.add(EntryEvent.expired(this, key, valueOf(entry)));
            }
            return null;
        }
        return entry;
    }

    private void store(K key, V value, Object stored, StoredEntry<Object> old, long now,
                       List<EntryEvent<K, V>> events) {
        store(key, value, stored, old, old == null ? null : oldValueFor(old), now, events);
    }

    private void store(K key, V value, Object stored, StoredEntry<Object> old, V oldValue, long now,
                       List<EntryEvent<K, V>> events) {
        if (old == null) {
            if (create(key, value, stored, now, events)) {
                statistics.put();
            }
        } else {
            update(key, value, stored, old, oldValue, now, events);
            statistics.put();
        }
    }

    /** Stores a new entry; false (nothing stored, no event) when the expiry policy expires it at once. */
    private boolean create(K key, V value, Object stored, long now, List<EntryEvent<K, V>> events) {
        long ttl = expiry.onCreation();
        if (ttl == Expiry.EXPIRE_NOW) {
            return false;
        }
        storage.put(storageKey(key), Expiry.hold(stored, now, Expiry.expiresAt(now, ttl)));
        if (!listeners.isEmpty()) {
            events.add(EntryEvent.created(this, key, value));
        }
        return true;
    }

    private void update(K key, V value, Object stored, StoredEntry<Object> old, V oldValue, long now,
                        List<EntryEvent<K, V>> events) {
        long ttl = expiry.onUpdate();
        if (ttl == Expiry.EXPIRE_NOW) {
            storage.remove(key);
        } else {
            long until = ttl == Expiry.KEEP ? Expiry.held(old).expiresAtMillis() : Expiry.expiresAt(now, ttl);
            storage.put(storageKey(key), Expiry.hold(stored, now, until));
        }
        if (!listeners.isEmpty()) {
            events.add(EntryEvent.updated(this, key, value, oldValue != null ? oldValue : valueOf(old)));
        }
    }

    /** A read of a live entry: the policy's access duration, if it gives one, becomes its new expiry. */
    private void access(K key, StoredEntry<Object> entry, V value, long now, List<EntryEvent<K, V>> events) {
        applyAccess(key, entry, value, now, expiry.onAccess(), events);
    }

    private void applyAccess(K key, StoredEntry<Object> entry, V value, long now, long ttl,
                             List<EntryEvent<K, V>> events) {
        if (ttl == Expiry.KEEP) {
            return;
        }
        if (ttl == Expiry.EXPIRE_NOW) {
            storage.remove(key);
            if (!listeners.isEmpty()) {
                events.add(EntryEvent.expired(this, key, value != null ? value : valueOf(entry)));
            }
            return;
        }
        storage.put(key, Expiry.hold(Expiry.held(entry).value(), now, Expiry.expiresAt(now, ttl)));
    }

    private void removeEntry(K key, V oldValue, List<EntryEvent<K, V>> events) {
        storage.remove(key);
        statistics.removal();
        if (!listeners.isEmpty()) {
            events.add(EntryEvent.removed(this, key, oldValue));
        }
    }

    // ---- values, keys, integration -------------------------------------------------------------------

    private Object storageKey(K key) {
        return storeByValue ? copier.copy(key, "key") : key;
    }

    private Object toStored(V value) {
        return storeByValue ? copier.serialize(value, "value") : value;
    }

    @SuppressWarnings("unchecked")
    private V valueOf(StoredEntry<Object> entry) {
        Object stored = Expiry.held(entry).value();
        return storeByValue ? (V) copier.deserialize((byte[]) stored) : (V) stored;
    }

    /** The old value for an event, materialised only when someone listens. */
    private V oldValueFor(StoredEntry<Object> entry) {
        return listeners.isEmpty() ? null : valueOf(entry);
    }

    /**
     * Hands the events not yet published to the asynchronous listeners, then releases the key's lock. Queuing
     * them while the lock is held keeps each key's events in mutation order for those listeners.
     */
    private void release(ReentrantLock lock, EventList<K, V> events) {
        try {
            if (events.size() > events.published) {
                List<EntryEvent<K, V>> fresh = events.subList(events.published, events.size());
                for (ListenerRegistration<K, V> registration : listeners) {
                    if (!registration.isSynchronous()) {
                        registration.dispatch(fresh);
                    }
                }
                events.published = events.size();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivers the operation's events to the synchronous listeners, after its locks are released. */
    private void fire(EventList<K, V> events) {
        if (events.isEmpty()) {
            return;
        }
        for (ListenerRegistration<K, V> registration : listeners) {
            if (registration.isSynchronous()) {
                registration.dispatch(events);
            }
        }
    }

    /** The events of one operation, and how many of them the asynchronous listeners already have. */
    private static final class EventList<K, V> extends ArrayList<EntryEvent<K, V>> {
        private static final long serialVersionUID = 1L;
        private int published;
    }

    private ReentrantLock lock(Object key) {
        ReentrantLock lock = locks.lockFor(key);
        lock.lock();
        return lock;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void requireEntry(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        requireTypes(key, value);
    }

    private void requireTypes(K key, V value) {
        if (!keyType.isInstance(key)) {
            throw new ClassCastException("cache '" + name + "' takes keys of type " + keyType.getName() + ", not "
                    + key.getClass().getName());
        }
        if (!valueType.isInstance(value)) {
            throw new ClassCastException("cache '" + name + "' takes values of type " + valueType.getName()
                    + ", not " + value.getClass().getName());
        }
    }

    private static void requireKeys(Set<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "keys must not contain null");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache '" + name + "' of " + manager.getURI() + " is closed");
        }
    }

    // ---- configuration, management, lifecycle --------------------------------------------------------

    /** The live configuration (listener list included); callers must not change it. */
    CompleteConfiguration<K, V> configurationView() {
        return configuration;
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        Objects.requireNonNull(type, "type");
        MutableConfiguration<K, V> copy;
        synchronized (configuration) {
            copy = configuration instanceof StrataConfiguration<K, V> strata
                    ? new StrataConfiguration<>(strata) : new MutableConfiguration<>(configuration);
        }
        if (type.isInstance(copy)) {
            return type.cast(copy);
        }
        throw new IllegalArgumentException("the configuration of a Strata cache is a CompleteConfiguration, not a "
                + type.getName());
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            for (ListenerRegistration<K, V> r : listeners) {
                if (r.configuration().equals(listenerConfiguration)) {
                    throw new IllegalArgumentException("this listener configuration is already registered on cache '"
                            + name + "'");
                }
            }
            ListenerRegistration<K, V> registration = new ListenerRegistration<>(listenerConfiguration,
                    manager.executor());
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
            listeners.add(registration);
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        ensureOpen();
        synchronized (configuration) {
            for (ListenerRegistration<K, V> r : listeners) {
                if (r.configuration().equals(listenerConfiguration)) {
                    listeners.remove(r);
                    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
                    r.close();
                    return;
                }
            }
        }
    }

    void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
            statistics.setEnabled(enabled);
            if (enabled) {
                JmxRegistration.register(statistics.bean(), statisticsName);
            } else {
                JmxRegistration.unregister(statisticsName);
            }
        }
    }

    void setManagementEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setManagementEnabled(enabled);
            if (enabled) {
                JmxRegistration.register(new JCacheConfigurationBean(this), configurationName);
            } else {
                JmxRegistration.unregister(configurationName);
            }
        }
    }

    /** Blocks until the write-behind queue (if any) has handed everything queued so far to the writer. */
    void flushWriteBehind() {
        WriteBehind<K, V> queue = integration.writeBehind();
        if (queue != null) {
            try {
                queue.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheException("interrupted while flushing the write-behind queue of cache '" + name + "'",
                        e);
            }
        }
    }

    /** The cache's write-behind queue (the core engine's), or null without write-behind. */
    WriteBehind<K, V> writeBehind() {
        return integration.writeBehind();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        manager.released(name, this);
        JmxRegistration.unregister(statisticsName);
        JmxRegistration.unregister(configurationName);
        integration.close(); // flushes a write-behind queue while the writer is still open
        listeners.forEach(ListenerRegistration::close);
        Closing.quietly(expiry.policy());
        storage.close();
    }

    /** Removes every entry (from a shared tier too), then closes. */
    void destroy() {
        if (!closed) {
            try {
                storage.clear();
            } catch (RuntimeException e) {
                // the storage goes away with close() below
            }
        }
        close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a Strata cache unwraps to Cache, not " + type.getName());
    }

    @Override
    public String toString() {
        return "StrataCache[" + name + " of " + manager.getURI() + ", tier=" + manager.tierName() + "]";
    }
}
