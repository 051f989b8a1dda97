package org.stratacache.core.internal.region;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import javax.cache.Cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.Loader;
import org.stratacache.core.Region;
import org.stratacache.core.RegionLoadException;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStats;
import org.stratacache.core.internal.stats.RegionCounters;
import org.stratacache.core.jcache.RegionView;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;

/**
 * The region implementation: tags, single-flight read-through, refresh-ahead, statistics and degradation,
 * layered over one {@link TierCache}.
 *
 * <h2>How staleness is ruled out</h2>
 * Three mechanisms, one per kind of invalidation:
 * <ol>
 *   <li><b>Tags</b> — every entry carries the versions of its tags taken before its value was loaded; a
 *       read compares them with the current versions ({@link TagSnapshot#isCurrent}). An invalidation
 *       bumps a counter and never scans.</li>
 *   <li><b>Invalidate-all</b> — the region's epoch is itself a tag ({@link #epochTag}); each entry records
 *       the epoch at which its load began, so {@link #invalidateAll()} is one counter bump (the clear
 *       that follows only frees memory).</li>
 *   <li><b>One key</b> — loads in flight are registered in {@link #inflight}; every mutation of a key
 *       (put, invalidate) and every loader store happen inside {@code inflight.compute(key, …)}, which
 *       serialises them per key. An invalidation removes the registered flight, and a loader stores only
 *       if its flight is still registered: a load that an invalidation overtook stores nothing.</li>
 * </ol>
 * {@link #compute} runs inside the same {@code inflight.compute(key, …)} section, so a read-modify-write
 * of one key never interleaves with another mutation of that key in this JVM; towards the tier it is a
 * compare-and-set ({@link TierCache#putIfAbsent}/{@link TierCache#replace}) retried on conflict, which keeps
 * it atomic when a tier is shared by several processes.
 * Reads never lock: they read the tier and compare counters.
 */
public final class TieredRegion<K, V> implements Region<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(TieredRegion.class);

    private final String name;
    private final RegionSettings settings;
    private final TierCache<K, V> cache;
    private final TagVersions tagVersions;
    private final RegionCounters counters;
    private final Executor refreshExecutor;
    private final String epochTag;
    /** The epoch tag's live counter when the tag versions keep one (read on every hit); else null. */
    private final AtomicLong epochCounter;
    private final ConcurrentHashMap<K, Flight<V>> inflight = new ConcurrentHashMap<>();
    private final AtomicBoolean tierFailureLogged = new AtomicBoolean();
    private final long refreshAfterMillis;
    private volatile Cache<K, V> jcacheView;

    public TieredRegion(String name, RegionSettings settings, TierCache<K, V> cache, TagVersions tagVersions,
                 RegionCounters counters, Executor refreshExecutor) {
        this.name = name;
        this.settings = settings;
        this.cache = cache;
        this.tagVersions = tagVersions;
        this.counters = counters;
        this.refreshExecutor = refreshExecutor;
        this.epochTag = "strata:region-epoch:" + name;
        this.epochCounter = tagVersions.counter(epochTag);
        this.refreshAfterMillis = settings.refreshAhead() > 0 && settings.expires()
                ? (long) (settings.ttl().toMillis() * settings.refreshAhead()) : -1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RegionSettings settings() {
        return settings;
    }

    // ---- reads ------------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        StoredEntry<V> entry = readUsable(key);
        if (entry == null) {
            counters.misses.increment();
            return null;
        }
        counters.hits.increment();
        return entry.value();
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        Map<K, V> found = new LinkedHashMap<>();
        for (K key : keys) {
            V value = get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    @Override
    public V get(K key, Loader<? super K, ? extends V> loader) {
        return get(key, List.of(), loader);
    }

    @Override
    public V get(K key, Collection<String> tags, Loader<? super K, ? extends V> loader) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(tags, "tags");
        StoredEntry<V> entry = readUsable(key);
        if (entry != null) {
            counters.hits.increment();
            maybeRefreshAhead(key, entry, tags, loader);
            return entry.value();
        }
        counters.misses.increment();
        return loadOnce(key, tags, loader);
    }

    /** The entry if present, unexpired and not stale; tier failures degrade to null. */
    private StoredEntry<V> readUsable(K key) {
        Objects.requireNonNull(key, "key");
        StoredEntry<V> entry;
        try {
            entry = cache.get(key);
        } catch (RuntimeException e) {
            tierFailed("get", e);
            return null;
        }
        if (entry == null) {
            return null;
        }
        if (!isCurrent(entry)) {
            counters.staleReads.increment();
            return null;
        }
        return entry;
    }

    private boolean isCurrent(StoredEntry<V> entry) {
        return entry.regionEpoch() == currentEpoch() && entry.tags().isCurrent(tagVersions);
    }

    /** The region's epoch now: its live counter where the tag versions keep one, else a lookup. */
    private long currentEpoch() {
        return epochCounter != null ? epochCounter.get() : tagVersions.current(epochTag);
    }

    // ---- read-through -----------------------------------------------------------------------------

    private V loadOnce(K key, Collection<String> tags, Loader<? super K, ? extends V> loader) {
        Flight<V> mine = new Flight<>("key " + key + " of region '" + name + "'");
        while (true) {
            Flight<V> running = inflight.putIfAbsent(key, mine);
            if (running == null) {
                break;
            }
            if (running.startedBefore(tagVersions, epochTag)) {
                // That load read the database before an invalidation we have seen completed: its value
                // could be older than what this caller must see. Take the key over; it will not store.
                if (inflight.replace(key, running, mine)) {
                    break;
                }
                continue;
            }
            return running.await();
        }
        // A load that finished between our miss and our registration stored its value before it
        // deregistered (both inside one compute), so this second look finds it: one load per miss wave.
        StoredEntry<V> justLoaded = readUsable(key);
        if (justLoaded != null) {
            inflight.remove(key, mine);
            mine.succeed(justLoaded.value());
            return justLoaded.value();
        }
        return runFlight(key, tags, loader, mine);
    }

    /** Runs the loader as the owner of {@code flight}, which the caller registered for {@code key}. */
    private V runFlight(K key, Collection<String> tags, Loader<? super K, ? extends V> loader, Flight<V> flight) {
        // Versions first, then load: an invalidation from here on makes the result stale.
        long epoch = currentEpoch();
        TagSnapshot snapshot = TagSnapshot.take(tagVersions, tags);
        flight.started(snapshot, epoch);
        long start = System.nanoTime();
        V value;
        try {
            value = loader.load(key);
        } catch (Throwable failure) {
            counters.loaded(start, false);
            inflight.remove(key, flight);
            flight.fail(failure);
            throw Flight.failure("key " + key + " of region '" + name + "'", failure);
        }
        counters.loaded(start, true);
        if (value == null) {
            inflight.remove(key, flight);
        } else {
            StoredEntry<V> entry = new StoredEntry<>(value, snapshot, epoch, System.currentTimeMillis(), -1);
            inflight.compute(key, (k, registered) -> {
                if (registered != flight) {
                    return registered; // invalidated or overwritten while loading: store nothing
                }
                if (isCurrent(entry)) {
                    tierPut(k, entry);
                }
                return null;
            });
        }
        flight.succeed(value);
        return value;
    }

    private void maybeRefreshAhead(K key, StoredEntry<V> entry, Collection<String> tags,
                                   Loader<? super K, ? extends V> loader) {
        if (refreshAfterMillis < 0 || entry.hasOwnTtl()
                || System.currentTimeMillis() - entry.storedAtMillis() < refreshAfterMillis) {
            return;
        }
        Flight<V> refresh = new Flight<>("key " + key + " of region '" + name + "' (refresh-ahead)");
        if (inflight.putIfAbsent(key, refresh) != null) {
            return; // a load or refresh of this key is already running
        }
        List<String> tagsCopy = List.copyOf(tags);
        try {
            refreshExecutor.execute(() -> {
                try {
                    runFlight(key, tagsCopy, loader, refresh);
                } catch (RegionLoadException e) {
                    LOG.debug("refresh-ahead of {} failed; the current value stays until it expires", key, e);
                }
            });
            counters.refreshes.increment();
        } catch (RejectedExecutionException e) {
            inflight.remove(key, refresh);
            refresh.fail(e);
        }
    }

    // ---- writes -----------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        store(key, value, TagSnapshot.EMPTY, -1);
    }

    @Override
    public void put(K key, V value, Collection<String> tags) {
        store(key, value, snapshot(tags), -1);
    }

    @Override
    public boolean put(K key, V value, TagSnapshot snapshot) {
        return store(key, value, snapshot, -1);
    }

    @Override
    public boolean put(K key, V value, TagSnapshot snapshot, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        return store(key, value, snapshot, ttl.toMillis());
    }

    private boolean store(K key, V value, TagSnapshot snapshot, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(snapshot, "snapshot");
        StoredEntry<V> entry = new StoredEntry<>(value, snapshot, currentEpoch(),
                System.currentTimeMillis(), ttlMillis);
        if (!snapshot.isCurrent(tagVersions)) {
            return false;
        }
        // Removing any registered flight keeps an older load from overwriting this newer value.
        inflight.compute(key, (k, registered) -> {
            tierPut(k, entry);
            return null;
        });
        return true;
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        StoredEntry<V> entry = new StoredEntry<>(value, TagSnapshot.EMPTY, currentEpoch(),
                System.currentTimeMillis(), -1);
        boolean[] stored = {false};
        inflight.compute(key, (k, registered) -> {
            try {
                StoredEntry<V> existing = cache.putIfAbsent(k, entry);
                if (existing == null) {
                    stored[0] = true;
                } else if (!isCurrent(existing)) {
                    stored[0] = cache.replace(k, existing, entry);
                }
                if (stored[0]) {
                    counters.puts.increment();
                    return null;
                }
            } catch (RuntimeException e) {
                tierFailed("putIfAbsent", e);
            }
            return registered;
        });
        return stored[0];
    }

    private void tierPut(K key, StoredEntry<V> entry) {
        try {
            cache.put(key, entry);
            counters.puts.increment();
        } catch (IllegalArgumentException badValue) {
            throw badValue; // e.g. not serializable for store-by-value: the caller's mistake, say so
        } catch (RuntimeException e) {
            tierFailed("put", e);
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remapping, "remapping");
        Object[] result = new Object[1];
        inflight.compute(key, (k, registered) -> {
            try {
                return computeLocked(k, remapping, registered, result);
            } catch (RuntimeException e) {
                if (e instanceof ComputeConflict) {
                    throw e;
                }
                tierFailed("compute", e);
                result[0] = null;
                return registered;
            }
        });
        @SuppressWarnings("unchecked")
        V value = (V) result[0];
        return value;
    }

    /** The body of {@link #compute}, run while holding the key's {@code inflight} section. */
    private Flight<V> computeLocked(K key, BiFunction<? super K, ? super V, ? extends V> remapping,
                                    Flight<V> registered, Object[] result) {
        for (int attempt = 0; attempt < MAX_COMPUTE_ATTEMPTS; attempt++) {
            StoredEntry<V> current = cache.get(key);
            V currentValue = current != null && isCurrent(current) ? current.value() : null;
            V next = remapping.apply(key, currentValue);
            if (next == null) {
                if (current != null) {
                    cache.remove(key);
                    counters.invalidations.increment();
                }
                result[0] = null;
                return null;
            }
            if (next == currentValue) {
                result[0] = next;
                return registered; // nothing changed: loads in flight stay valid
            }
            StoredEntry<V> entry = new StoredEntry<>(next, TagSnapshot.EMPTY, currentEpoch(),
                    System.currentTimeMillis(), -1);
            boolean swapped = current == null ? cache.putIfAbsent(key, entry) == null
                    : cache.replace(key, current, entry);
            if (swapped) {
                counters.puts.increment();
                result[0] = next;
                return null;
            }
            // the entry changed underneath (expiry, eviction, or another process): read again
        }
        throw new ComputeConflict("compute of key " + key + " in region '" + name + "' lost "
                + MAX_COMPUTE_ATTEMPTS + " compare-and-set races in a row");
    }

    private static final int MAX_COMPUTE_ATTEMPTS = 100;

    /** A compute that kept losing compare-and-set races: reported, not degraded, since nothing was stored. */
    static final class ComputeConflict extends IllegalStateException {
        ComputeConflict(String message) {
            super(message);
        }
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key");
        inflight.compute(key, (k, registered) -> {
            try {
                cache.remove(k);
            } catch (RuntimeException e) {
                tierFailed("remove", e);
            }
            return null;
        });
        counters.invalidations.increment();
    }

    @Override
    public void invalidateAll() {
        tagVersions.invalidate(epochTag);
        counters.invalidateAlls.increment();
        try {
            cache.clear();
        } catch (RuntimeException e) {
            tierFailed("clear", e); // the epoch bump alone already made every entry stale
        }
    }

    @Override
    public void invalidateTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        tagVersions.invalidate(tag);
        counters.tagInvalidations.increment();
    }

    @Override
    public TagSnapshot snapshot(Collection<String> tags) {
        return TagSnapshot.take(tagVersions, tags);
    }

    // ---- the rest ---------------------------------------------------------------------------------

    @Override
    public RegionStats stats() {
        return counters.snapshot();
    }

    @Override
    public double fillRatio() {
        long held;
        try {
            held = cache.heldEntries();
        } catch (RuntimeException e) {
            return -1;
        }
        return held < 0 ? -1 : Math.min(1.0, (double) held / settings.maxEntries());
    }

    @Override
    public Cache<K, V> asJCache() {
        Cache<K, V> view = jcacheView;
        if (view == null) {
            synchronized (this) {
                if (jcacheView == null) {
                    jcacheView = RegionView.of(this, new RegionView.Access<>() {
                        @Override
                        public StoredEntry<V> read(K key) {
                            StoredEntry<V> entry = readUsable(key);
                            (entry == null ? counters.misses : counters.hits).increment();
                            return entry;
                        }

                        @Override
                        public java.util.Iterator<Map.Entry<K, StoredEntry<V>>> entries() {
                            return cache.iterator();
                        }

                        @Override
                        public boolean usable(StoredEntry<V> entry) {
                            return isCurrent(entry);
                        }
                    });
                }
                view = jcacheView;
            }
        }
        return view;
    }

    public RegionCounters counters() {
        return counters;
    }

    public long size() {
        long n = 0;
        var it = cache.iterator();
        while (it.hasNext()) {
            if (isCurrent(it.next().getValue())) {
                n++;
            }
        }
        return n;
    }

    public void close() {
        cache.close();
    }

    private void tierFailed(String operation, RuntimeException e) {
        counters.tierFailures.increment();
        if (tierFailureLogged.compareAndSet(false, true)) {
            LOG.warn("region '{}': tier {} failed; degrading to the database (logged once per region, "
                    + "counted in tierFailures)", name, operation, e);
        } else {
            LOG.debug("region '{}': tier {} failed", name, operation, e);
        }
    }

    @Override
    public String toString() {
        return "Region[" + name + ", " + settings + "]";
    }
}
