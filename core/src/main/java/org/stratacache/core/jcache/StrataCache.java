package org.stratacache.core.jcache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.internal.Quietly;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.jcache.event.CacheListeners;
import org.stratacache.core.jcache.event.EntryEvents;
import org.stratacache.core.jcache.integration.Integration;
import org.stratacache.core.jcache.integration.StrataCacheEntry;
import org.stratacache.core.jcache.management.CacheManagement;
import org.stratacache.core.jcache.management.CacheStatistics;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.writebehind.WriteBehind;

/**
 * The JSR-107 cache of Strata, in two configurations: a cache of the provider (over one raw {@link TierCache} of
 * the manager's region store: {@link TierEntries}) and a region's view ({@link Region#asJCache()}: over the
 * region, {@link RegionEntries}). The semantics are written once, here; where its entries live is the
 * {@link EntryStore}'s business.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Atomic per key.</b> Every operation on a key runs in {@link #withKeyLocked}: under that key's stripe
 *       of {@link KeyLocks} it reads the live entry, calls the writer (write-through), changes the store, counts
 *       statistics and collects the events. So a conditional operation or an entry processor sees the current
 *       value and nothing interleaves between the writer call and the store. Bulk operations take one key at a
 *       time.</li>
 *   <li><b>Events once per mutation.</b> Each operation collects exactly the events of the changes it made, with
 *       the value each replaced; {@link CacheListeners} hands them to asynchronous listeners while the key's
 *       lock is held (so per key they arrive in mutation order) and to synchronous listeners after the locks are
 *       released (so a listener may use the cache) and before the call returns.</li>
 *   <li><b>Statistics where the call is answered</b> ({@link CacheStatistics}), so a hit served by a near cache
 *       is a hit like any other. A region's view counts nothing itself: the region counts its own reads and
 *       writes, in the same counters its MXBean shows.</li>
 * </ul>
 */
final class StrataCache<K, V> implements Cache<K, V> {
    /** The access duration was not asked for yet. */
    private static final long NOT_ASKED = Long.MIN_VALUE;

    /** How long {@link #close()} waits for {@code loadAll} calls still loading. */
    private static final long LOADS_WAIT_MILLIS = 10_000;

    private static final CompletionListener NO_COMPLETION_LISTENER = new CompletionListener() {
        @Override
        public void onCompletion() {
        }

        @Override
        public void onException(Exception e) {
        }
    };

    private final String name;
    private final StrataCacheManager manager; // null: a region's view, which belongs to the region
    private final Region<K, V> region; // the region a view shows, else null
    private final MutableConfiguration<K, V> configuration; // live; listener list and flags guarded by itself
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final EntryStore<K, V> store;
    private final Integration<K, V> integration; // loader, writer, write-behind
    private final boolean readThrough;
    private final CacheListeners<K, V> listeners;
    private final CacheStatistics statistics;
    private final CacheManagement management; // null for a region's view
    private final KeyLocks locks = new KeyLocks(256);
    private final Object loadsLock = new Object();
    /** {@code loadAll} calls still loading, which {@link #close()} waits for; guarded by {@link #loadsLock}. */
    private int loadsRunning;
    private volatile boolean closed;

    private StrataCache(String name, StrataCacheManager manager, Region<K, V> region,
                        MutableConfiguration<K, V> configuration, EntryStore<K, V> store,
                        Integration<K, V> integration, CacheListeners<K, V> listeners, CacheStatistics statistics,
                        CacheManagement management) {
        this.name = name;
        this.manager = manager;
        this.region = region;
        this.configuration = configuration;
        this.keyType = configuration.getKeyType();
        this.valueType = configuration.getValueType();
        this.store = store;
        this.integration = integration;
        this.readThrough = configuration.isReadThrough() && integration.canLoad();
        this.listeners = listeners;
        this.statistics = statistics;
        this.management = management;
    }

    /** A cache of {@code manager}, configured by {@code configuration} (the cache's own copy). */
    static <K, V> StrataCache<K, V> create(StrataCacheManager manager, String name,
                                           MutableConfiguration<K, V> configuration) {
        SerializingCopier copier = configuration.isStoreByValue()
                ? new SerializingCopier("cache '" + name + "'", "configure the cache with setStoreByValue(false)",
                        manager.getClassLoader(), CacheException::new)
                : null;
        Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
        Expiry expiry = new Expiry(expiryFactory == null ? new EternalExpiryPolicy() : expiryFactory.create());
        CacheListeners<K, V> listeners = new CacheListeners<>(manager.executor(),
                configuration.getCacheEntryListenerConfigurations());
        CacheStatistics statistics = new CacheStatistics(name);
        CacheManagement management = new CacheManagement(manager.getURI().toString(), name, statistics,
                () -> configuration);
        // Last, the things that hold resources: storage, loader/writer/write-behind thread, MXBeans; undone
        // when something fails on the way.
        TierCache<Object, Object> storage = manager.createStorage(name, statistics);
        statistics.countedBy(storage);
        Integration<K, V> integration = null;
        try {
            integration = Integration.create(name, configuration, writeBehindOf(manager, name, configuration));
            synchronized (configuration) {
                management.statistics(configuration.isStatisticsEnabled());
                management.management(configuration.isManagementEnabled());
            }
        } catch (RuntimeException e) {
            if (integration != null) {
                integration.close();
            }
            management.close();
            storage.close();
            throw e;
        }
        return new StrataCache<>(name, manager, null, configuration, new TierEntries<>(storage, expiry, copier),
                integration, listeners, statistics, management);
    }

    private static <K, V> Integration.WriteBehindRequest<K, V> writeBehindOf(
            StrataCacheManager manager, String name, MutableConfiguration<K, V> configuration) {
        if (configuration instanceof StrataConfiguration<K, V> strata && strata.isWriteBehind()) {
            return new Integration.WriteBehindRequest<>(writer -> manager.openWriteBehind(name, writer, strata),
                    strata.getWriteBehindMaxAttempts());
        }
        return null;
    }

    /** The view of {@code region} over {@code entries}: no loader, writer, listeners or statistics of its own. */
    static <K, V> StrataCache<K, V> viewOf(Region<K, V> region, RegionEntries<K, V> entries) {
        RegionSettings settings = region.settings();
        MutableConfiguration<K, V> configuration = new MutableConfiguration<K, V>()
                .setStoreByValue(settings.storeByValue())
                .setExpiryPolicyFactory(settings.expires()
                        ? CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, settings.ttl().toMillis()))
                        : EternalExpiryPolicy.factoryOf());
        String name = region.name();
        return new StrataCache<>(name, null, region, configuration, entries, Integration.none(name),
                CacheListeners.refusing("entry listeners are not available on a region view (" + name
                        + "); use the Strata CachingProvider for listeners"),
                new CacheStatistics(name), null);
    }

    // ---- the one operation skeleton -----------------------------------------------------------------

    /** Which statistics times an operation records. */
    private enum Timing {
        NONE, GET, PUT, REMOVE, GET_AND_PUT, GET_AND_REMOVE;

        void record(CacheStatistics statistics, long startNanos) {
            if (this == GET || this == GET_AND_PUT || this == GET_AND_REMOVE) {
                statistics.getTime(startNanos);
            }
            if (this == PUT || this == GET_AND_PUT) {
                statistics.putTime(startNanos);
            }
            if (this == REMOVE || this == GET_AND_REMOVE) {
                statistics.removeTime(startNanos);
            }
        }
    }

    /**
     * Runs {@code operation} on {@code key} under the key's lock (see {@link #locked}), records its time, then
     * fires its events to the synchronous listeners. A failure skips both: the events already queued for the
     * asynchronous listeners stay queued, since those changes were made.
     */
    private <R> R withKeyLocked(K key, Timing timing, Function<KeyOp, R> operation) {
        return withKeyLocked(key, timing, System.nanoTime(), operation);
    }

    private <R> R withKeyLocked(K key, Timing timing, long startNanos, Function<KeyOp, R> operation) {
        return withEvents(timing, startNanos, events -> locked(key, events, operation));
    }

    /** As {@link #withKeyLocked(Object, Timing, Function)}, with {@code value}'s stored form made before locking. */
    private <R> R withKeyLocked(K key, V value, Timing timing, BiFunction<KeyOp, Object, R> operation) {
        long start = System.nanoTime();
        Object stored = store.stored(value);
        return withKeyLocked(key, timing, start, op -> operation.apply(op, stored));
    }

    /** One operation over any number of keys: {@code body} takes each key's lock with {@link #locked}. */
    private <R> R withEvents(Timing timing, long startNanos, Function<EntryEvents<K, V>, R> body) {
        EntryEvents<K, V> events = listeners.collect(this);
        R result = body.apply(events);
        timing.record(statistics, startNanos);
        listeners.fire(events);
        return result;
    }

    /** Runs {@code operation} holding {@code key}'s lock; its events reach asynchronous listeners before unlocking. */
    private <R> R locked(K key, EntryEvents<K, V> events, Function<KeyOp, R> operation) {
        ReentrantLock lock = locks.lockFor(key);
        lock.lock();
        try {
            return operation.apply(new KeyOp(key, events));
        } finally {
            try {
                listeners.publish(events);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * What an operation does to its key while holding the key's lock: reads the live entry once, then changes it
     * through the store, counting puts and removals and collecting events on the way.
     */
    private final class KeyOp {
        private final K key;
        private final EntryEvents<K, V> events;
        private long now = System.currentTimeMillis();
        private StoredEntry<?> entry;
        private V value;
        private boolean valueKnown;

        KeyOp(K key, EntryEvents<K, V> events) {
            this.key = key;
            this.events = events;
        }

        /** Reads the live entry for an answer that depends on it; true when present. */
        boolean read() {
            return found(store.read(key, now, events));
        }

        /** Reads the live entry for a write or touch that only needs to know what is there; true when present. */
        boolean readQuietly() {
            return found(store.readQuietly(key, now, events));
        }

        private boolean found(StoredEntry<?> live) {
            entry = live;
            value = null;
            valueKnown = live == null;
            return live != null;
        }

        /** The value read (null when absent). */
        V value() {
            if (!valueKnown) {
                value = store.value(entry);
                valueKnown = true;
            }
            return value;
        }

        /** The value a change replaces, for its event: materialised only when someone listens. */
        private V replaced() {
            return entry != null && (valueKnown || events.wanted()) ? value() : null;
        }

        /** Takes the time again (after a loader or entry processor ran). */
        void tick() {
            now = System.currentTimeMillis();
        }

        /** A read of the live entry: the policy's access duration, if it gives one, becomes its new expiry. */
        void access() {
            access(store.onAccess());
        }

        void access(long ttl) {
            store.access(key, entry, valueKnown ? value : null, now, ttl, events);
        }

        /** An iterator's read of the entry, whose value it already holds. */
        void touch(V known) {
            value = known;
            valueKnown = true;
            access();
        }

        /** Read-through: the loader's value, stored as a new entry. */
        V load() {
            V loaded = integration.load(key);
            if (loaded != null) {
                tick();
                create(loaded);
            }
            return loaded;
        }

        /** Stores a value for a key read as absent; false when a region's view found one after all. */
        boolean create(V newValue) {
            return create(store.stored(newValue), newValue);
        }

        boolean create(Object stored, V newValue) {
            EntryStore.Created created = store.create(key, stored, newValue, now, events);
            if (created == EntryStore.Created.KEPT) {
                statistics.put();
            }
            return created != EntryStore.Created.PRESENT;
        }

        /** Stores a value over what was read (created or updated). */
        void put(Object stored, V newValue) {
            if (store.put(key, stored, newValue, entry, replaced(), now, events)) {
                statistics.put();
            }
        }

        /** Removes the key (what was read, if anything). */
        void remove() {
            store.remove(key, entry, replaced(), events);
            if (entry != null) {
                statistics.removal();
            }
        }
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        // Fast path without the lock: a miss with nothing to load, or a live entry whose access leaves its expiry
        // as it is (the common case: eternal, created or modified expiry), is a plain read. ExpiryPolicy answers
        // do not depend on the entry, so the answer asked here also serves the locked path.
        StoredEntry<?> seen = store.peek(key);
        if (seen == null && !readThrough) {
            statistics.miss();
            statistics.getTime(start);
            return null;
        }
        long accessTtl = NOT_ASKED;
        if (seen != null && !store.expired(seen, System.currentTimeMillis())) {
            accessTtl = store.onAccess();
            if (accessTtl == Expiry.KEEP) {
                statistics.hit();
                V value = store.value(seen);
                statistics.getTime(start);
                return value;
            }
        }
        long asked = accessTtl;
        return withKeyLocked(key, Timing.GET, start, op -> {
            if (!op.read()) {
                statistics.miss();
                return readThrough ? op.load() : null;
            }
            statistics.hit();
            V value = op.value();
            op.access(asked == NOT_ASKED ? store.onAccess() : asked);
            return value;
        });
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        return withEvents(Timing.GET, System.nanoTime(), events -> {
            Map<K, V> result = new LinkedHashMap<>();
            List<K> missing = new ArrayList<>();
            for (K key : keys) {
                locked(key, events, op -> {
                    statistics.read(op.read());
                    if (op.entry == null) {
                        missing.add(key);
                    } else {
                        result.put(key, op.value());
                        op.access();
                    }
                    return null;
                });
            }
            if (readThrough && !missing.isEmpty()) {
                for (Map.Entry<K, V> loaded : integration.loadAll(missing).entrySet()) {
                    if (loaded.getKey() != null && loaded.getValue() != null) {
                        locked(loaded.getKey(), events, op -> op.create(loaded.getValue()));
                        result.put(loaded.getKey(), loaded.getValue());
                    }
                }
            }
            return result;
        });
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        return withKeyLocked(key, Timing.NONE, KeyOp::read);
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
        loadStarted();
        try {
            manager.executor().execute(() -> {
                Exception failure = null;
                try {
                    loadAllNow(requested, replaceExistingValues);
                } catch (Exception e) {
                    failure = e;
                } finally {
                    loadEnded(); // before the listener, which may close this cache
                }
                if (failure == null) {
                    done.onCompletion();
                } else {
                    done.onException(failure);
                }
            });
        } catch (RuntimeException e) {
            loadEnded();
            throw e;
        }
    }

    private void loadStarted() {
        synchronized (loadsLock) {
            loadsRunning++;
        }
    }

    private void loadEnded() {
        synchronized (loadsLock) {
            if (--loadsRunning == 0) {
                loadsLock.notifyAll();
            }
        }
    }

    /**
     * Waits (at most {@code LOADS_WAIT_MILLIS}) for the {@code loadAll} calls still loading: closing the loader under
     * one would leave it a connection or a file that nobody closes (the TCK's loader server counts its open
     * connections after each test), and its entries would land in a closed store.
     */
    private void awaitLoads() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOADS_WAIT_MILLIS);
        synchronized (loadsLock) {
            long left;
            while (loadsRunning > 0 && !Thread.currentThread().isInterrupted()
                    && (left = deadline - System.nanoTime()) > 0) {
                Quietly.waitOn(loadsLock, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
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
        withEvents(Timing.NONE, 0, events -> {
            loaded.forEach((key, value) -> {
                if (key != null && value != null) {
                    locked(key, events, op -> {
                        if (!op.read()) {
                            op.create(value);
                        } else if (replaceExisting) {
                            op.put(store.stored(value), value);
                        }
                        return null;
                    });
                }
            });
            return null;
        });
    }

    // ---- writes -------------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        withKeyLocked(key, value, Timing.PUT, (op, stored) -> {
            op.readQuietly();
            integration.write(key, value);
            op.put(stored, value);
            return null;
        });
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        return withKeyLocked(key, value, Timing.GET_AND_PUT, (op, stored) -> {
            statistics.read(op.read());
            V previous = op.value();
            integration.write(key, value);
            op.put(stored, value);
            return previous;
        });
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        Objects.requireNonNull(map, "map");
        Map<K, V> entries = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            requireEntry(e.getKey(), e.getValue());
            entries.put(e.getKey(), e.getValue());
        }
        Map<K, Object> storedForms = new HashMap<>();
        entries.forEach((key, value) -> storedForms.put(key, store.stored(value)));
        withEvents(Timing.PUT, System.nanoTime(), events -> {
            Integration.Outcome<K> outcome = integration.writeAll(entries);
            for (K key : outcome.done()) {
                locked(key, events, op -> {
                    op.readQuietly();
                    op.put(storedForms.get(key), entries.get(key));
                    return null;
                });
            }
            return outcome;
        }).throwFailure();
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        return withKeyLocked(key, value, Timing.PUT, (op, stored) -> {
            if (op.readQuietly()) {
                statistics.hit();
                return false;
            }
            statistics.miss();
            integration.write(key, value);
            return op.create(stored, value);
        });
    }

    @Override
    public boolean remove(K key) {
        return removeKey(key, true);
    }

    /** Removes the key; {@code answered}: the caller wants to know whether it was there (see {@link KeyOp#read}). */
    private boolean removeKey(K key, boolean answered) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        return withKeyLocked(key, Timing.REMOVE, op -> {
            boolean present = answered ? op.read() : op.readQuietly();
            integration.delete(key);
            op.remove();
            return present;
        });
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        return withKeyLocked(key, Timing.REMOVE, op -> {
            if (!holds(op, oldValue)) {
                return false;
            }
            integration.delete(key);
            op.remove();
            return true;
        });
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        return withKeyLocked(key, Timing.GET_AND_REMOVE, op -> {
            boolean present = op.read();
            integration.delete(key);
            statistics.read(present);
            V previous = op.value();
            op.remove();
            return previous;
        });
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        requireEntry(key, newValue);
        return withKeyLocked(key, newValue, Timing.PUT, (op, stored) -> {
            if (!holds(op, oldValue)) {
                return false;
            }
            integration.write(key, newValue);
            op.put(stored, newValue);
            return true;
        });
    }

    /** Reads the key for a conditional change: true when it holds {@code expected}; a mismatch is an access. */
    private boolean holds(KeyOp op, V expected) {
        boolean present = op.read();
        statistics.read(present);
        if (present && !op.value().equals(expected)) {
            op.access();
            return false;
        }
        return present;
    }

    @Override
    public boolean replace(K key, V value) {
        return replace(key, value, false) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        return replace(key, value, true);
    }

    /** Replaces a present entry; returns its old value (or any non-null marker when not {@code wanted}). */
    private V replace(K key, V value, boolean oldValueWanted) {
        ensureOpen();
        requireEntry(key, value);
        return withKeyLocked(key, value, Timing.PUT, (op, stored) -> {
            boolean present = op.read();
            statistics.read(present);
            if (!present) {
                return null;
            }
            V previous = oldValueWanted ? op.value() : value; // only "was present" matters to replace(K, V)
            integration.write(key, value);
            op.put(stored, value);
            return previous;
        });
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        removeAllNow(new LinkedHashSet<>(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        store.removeAll(this::removeAllNow);
    }

    private void removeAllNow(Set<K> keys) {
        withEvents(Timing.REMOVE, System.nanoTime(), events -> {
            Integration.Outcome<K> outcome = integration.deleteAll(keys);
            for (K key : outcome.done()) {
                locked(key, events, op -> {
                    op.readQuietly();
                    op.remove();
                    return null;
                });
            }
            return outcome;
        }).throwFailure();
    }

    @Override
    public void clear() {
        ensureOpen();
        store.clear();
    }

    // ---- entry processors ---------------------------------------------------------------------------

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return withKeyLocked(key, Timing.NONE, op -> {
            statistics.read(op.read());
            ProcessorEntry entry = new ProcessorEntry(op);
            try {
                T result = entryProcessor.process(entry, arguments);
                entry.apply();
                return result;
            } catch (EntryProcessorException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException("entry processor " + entryProcessor.getClass().getName()
                        + " failed on key " + key + " of cache '" + name + "'", e);
            }
        });
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
        private final KeyOp op;
        private final V original;
        private V value;
        private Change change = Change.NONE;
        private boolean loadTried;

        ProcessorEntry(KeyOp op) {
            this.op = op;
            this.original = op.value();
            this.value = original;
        }

        @Override
        public K getKey() {
            return op.key;
        }

        @Override
        public V getValue() {
            if (change == Change.NONE) {
                if (value != null) {
                    change = Change.ACCESS;
                } else if (readThrough && !loadTried) {
                    loadTried = true;
                    V loaded = integration.load(op.key);
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
            requireTypes(op.key, newValue);
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

        void apply() {
            op.tick();
            switch (change) {
                case NONE -> {
                }
                case ACCESS -> op.access();
                case LOAD -> op.create(value);
                case CREATE, UPDATE -> {
                    Object stored = store.stored(value);
                    integration.write(op.key, value);
                    op.put(stored, value);
                }
                case REMOVE -> {
                    integration.delete(op.key);
                    op.remove();
                }
            }
        }
    }

    // ---- iteration ----------------------------------------------------------------------------------

    @Override
    public Iterator<Entry<K, V>> iterator() {
        ensureOpen();
        Iterator<Map.Entry<K, StoredEntry<?>>> live = store.entries();
        return new Iterator<>() {
            private K lastKey;

            @Override
            public boolean hasNext() {
                return live.hasNext();
            }

            @Override
            public Entry<K, V> next() {
                Map.Entry<K, StoredEntry<?>> current = live.next();
                K key = current.getKey();
                V value = store.value(current.getValue());
                statistics.hit();
                touch(key, value);
                lastKey = key;
                return new StrataCacheEntry<>(store.handOut(key), value);
            }

            @Override
            public void remove() {
                if (lastKey == null) {
                    throw new IllegalStateException("next() has not been called, or remove() was already called");
                }
                K key = lastKey;
                lastKey = null;
                removeKey(key, false);
            }
        };
    }

    /** An iterator read: applies the access expiry to the entry if it is still there. */
    private void touch(K key, V value) {
        withKeyLocked(key, Timing.NONE, op -> {
            if (op.readQuietly()) {
                op.touch(value);
            }
            return null;
        });
    }

    // ---- arguments and state ------------------------------------------------------------------------

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
            listeners.register(listenerConfiguration, name);
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        ensureOpen();
        synchronized (configuration) {
            if (listeners.deregister(listenerConfiguration)) {
                configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
            }
        }
    }

    void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
            management.statistics(enabled);
        }
    }

    void setManagementEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setManagementEnabled(enabled);
            management.management(enabled);
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

    /** The manager; null for a region's view, which no JCache manager manages. */
    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    /** Closes the cache and what it holds; a region's view belongs to its region, so closing it does nothing. */
    @Override
    public void close() {
        if (manager == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        manager.released(name, this);
        management.close();
        awaitLoads();
        integration.close(); // flushes a write-behind queue while the writer is still open
        listeners.close();
        store.close();
    }

    /** Removes every entry (from a shared tier too), then closes. */
    void destroy() {
        if (!closed) {
            try {
                store.clear();
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

    /** Unwraps to this cache; a region's view also to its {@link Region}. */
    @Override
    public <T> T unwrap(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (region != null && type.isInstance(region)) {
            return type.cast(region);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a Strata cache unwraps to Cache" + (region == null ? "" : " or Region")
                + ", not " + type.getName());
    }

    @Override
    public String toString() {
        return manager == null ? "StrataCache[view of region " + name + "]"
                : "StrataCache[" + name + " of " + manager.getURI() + ", tier=" + manager.tierName() + "]";
    }
}
