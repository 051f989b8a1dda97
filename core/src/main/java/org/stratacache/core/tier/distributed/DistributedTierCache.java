package org.stratacache.core.tier.distributed;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * One region on the distributed tier: a Hazelcast map of {@link StoredEntry} with a {@link NearCache} in
 * front.
 *
 * <h2>Keeping near copies fresh</h2>
 * Every JVM listens to the region map's entry events (keys only). The partition owner emits an event after
 * each change; each listener drops its near copy of that key. A writer also drops its own copy before and
 * after its write, so a read racing with its own write cannot re-install the old value. The window in
 * which another JVM still serves the old value is the event delivery time (measured in the tests, a few
 * milliseconds on loopback); the near-cache TTL bounds it if an event is lost.
 *
 * <h2>When the cluster cannot be reached</h2>
 * Operations go through the tier's circuit breaker with a bounded wait and throw on failure — the region
 * counts that and degrades to the database. A mutation that did not reach the cluster leaves the cluster holding
 * an older value, so the key is remembered as <em>pending</em>: this JVM treats it as absent and the tier's
 * recovery removes it from the cluster before the breaker closes again (a failed clear is remembered the
 * same way). Past {@value #MAX_PENDING_KEYS} pending keys the region is cleared on recovery instead.
 */
final class DistributedTierCache<K, V> implements TierCache<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTierCache.class);
    static final int MAX_PENDING_KEYS = 10_000;

    private final DistributedTier tier;
    private final String region;
    private final String mapName;
    private final RegionSettings settings;
    private final NearCache near;
    /** Store-by-value: a near copy is never handed out, only copies of it. */
    private final SerializingCopier copier;
    private final TierListener listener;
    private final TierCounters counters;
    private final Set<Object> pendingRemovals = ConcurrentHashMap.newKeySet();
    private volatile boolean pendingClear;
    private volatile IMap<Object, StoredEntry<V>> map;
    private UUID listenerId;
    private UUID ownedEntriesListenerId;

    DistributedTierCache(DistributedTier tier, String region, String mapName, RegionSettings settings,
                         NearCache near, TierListener listener) {
        this.tier = tier;
        this.listener = listener;
        this.region = region;
        this.mapName = mapName;
        this.settings = settings;
        this.near = near;
        this.counters = tier.counters();
        this.copier = SerializingCopier.forRegion(region, null);
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public StoredEntry<V> get(K key) {
        if (near != null) {
            StoredEntry<V> held = cast(near.get(key));
            if (held != null) {
                counters.nearHits.increment();
                return settings.storeByValue() ? copy(held) : held;
            }
            counters.nearMisses.increment();
        }
        if (pendingClear || (!pendingRemovals.isEmpty() && pendingRemovals.contains(key))) {
            return null; // the cluster may hold a value older than a write this JVM could not send
        }
        Object reservation = near == null ? null : near.reserve(key);
        try {
            // A blocking get: Hazelcast's async form costs a second thread hand-off per read (about twice the
            // latency on loopback). Hazelcast's invocation timeout bounds the wait (see HazelcastConfigs).
            StoredEntry<V> entry = tier.callSync("get", () -> map().get(key));
            counters.remoteGets.increment();
            if (entry != null && reservation != null) {
                near.install(key, reservation, entry, ttlMillis(entry));
                reservation = null;
                return settings.storeByValue() ? copy(entry) : entry;
            }
            return entry;
        } finally {
            if (reservation != null) {
                near.cancel(key, reservation);
            }
        }
    }

    @Override
    public long size() {
        return tier.callSync("size", () -> (long) map().size());
    }

    @Override
    public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
        List<Map.Entry<K, StoredEntry<V>>> copy = tier.callSync("iterate", () -> {
            List<Map.Entry<K, StoredEntry<V>>> entries = new ArrayList<>();
            for (Map.Entry<Object, StoredEntry<V>> e : map().entrySet()) {
                @SuppressWarnings("unchecked")
                K key = (K) e.getKey();
                entries.add(new AbstractMap.SimpleImmutableEntry<>(key, e.getValue()));
            }
            return entries;
        });
        return copy.iterator();
    }

    // ---- writes -------------------------------------------------------------------------------------

    @Override
    public void put(K key, StoredEntry<V> entry) {
        requireSerializable(key, entry);
        mutate(key, "put", () -> {
            tier.call("put", () -> map().setAsync(key, entry, ttlMillis(entry), TimeUnit.MILLISECONDS));
            return null;
        });
    }

    @Override
    public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
        requireSerializable(key, entry);
        return mutate(key, "putIfAbsent", () -> tier.callSync("putIfAbsent",
                () -> map().putIfAbsent(key, entry, ttlMillis(entry), TimeUnit.MILLISECONDS)));
    }

    @Override
    public boolean replace(K key, StoredEntry<V> expected, StoredEntry<V> entry) {
        requireSerializable(key, entry);
        return mutate(key, "replace", () -> tier.callSync("replace", () -> map().replace(key, expected, entry)));
    }

    @Override
    public void remove(K key) {
        mutate(key, "remove", () -> tier.call("remove", () -> map().deleteAsync(key)));
    }

    @Override
    public void clear() {
        if (near != null) {
            near.clear();
        }
        try {
            tier.callSync("clear", () -> {
                map().clear();
                return null;
            });
            counters.remotePuts.increment();
            counters.invalidationsSent.increment();
        } catch (RuntimeException e) {
            pendingClear = true;
            tier.scheduleRecovery();
            throw e;
        } finally {
            if (near != null) {
                near.clear();
            }
        }
    }

    /**
     * Runs one mutation of {@code key}: the near copy goes before and after (a concurrent read cannot
     * re-install the old value), and a failure leaves the key pending so the old cluster value is never
     * served here and is removed on recovery.
     */
    private <T> T mutate(K key, String operation, java.util.function.Supplier<T> remote) {
        invalidateNear(key);
        try {
            T result = remote.get();
            counters.remotePuts.increment();
            counters.invalidationsSent.increment();
            return result;
        } catch (IllegalArgumentException callerMistake) {
            throw callerMistake;
        } catch (RuntimeException e) {
            markPending(key);
            throw e;
        } finally {
            invalidateNear(key);
        }
    }

    private void markPending(Object key) {
        if (pendingRemovals.size() >= MAX_PENDING_KEYS) {
            pendingClear = true;
        } else {
            pendingRemovals.add(key);
        }
        tier.scheduleRecovery();
    }

    // ---- recovery, events, lifecycle ----------------------------------------------------------------

    /** Sends what failed earlier (clear, removals); throws if the cluster still fails. */
    void replayPending() {
        if (pendingClear) {
            tier.awaitSync(() -> {
                map().clear();
                return null;
            });
            pendingClear = false;
            pendingRemovals.clear();
        }
        for (Object key : List.copyOf(pendingRemovals)) {
            tier.await(map().deleteAsync(key));
            pendingRemovals.remove(key);
        }
    }

    boolean hasPending() {
        return pendingClear || !pendingRemovals.isEmpty();
    }

    void clearNear() {
        if (near != null) {
            near.clear();
        }
    }

    int nearSize() {
        return near == null ? 0 : near.size();
    }

    private void invalidateNear(Object key) {
        if (near != null) {
            near.invalidate(key);
        }
    }

    /** The region's map, configured and listened to on first use (retried after a failure). */
    IMap<Object, StoredEntry<V>> map() {
        IMap<Object, StoredEntry<V>> m = map;
        return m != null ? m : attach();
    }

    private synchronized IMap<Object, StoredEntry<V>> attach() {
        if (map != null) {
            return map;
        }
        MapConfig config = new MapConfig(mapName)
                .setBackupCount(tier.settings().backupCount())
                .setTimeToLiveSeconds(ttlSeconds(settings))
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize((int) Math.min(Integer.MAX_VALUE, settings.maxEntries())));
        tier.addMapConfig(config);
        IMap<Object, StoredEntry<V>> m = tier.hazelcast().getMap(mapName);
        if (near != null) {
            listenerId = m.addEntryListener(new NearInvalidation(), false);
        }
        if (!tier.isClient()) {
            // Evictions and expirations of the entries this member owns, for the region's statistics
            // (each is counted once, on its owner).
            ownedEntriesListenerId = m.addLocalEntryListener(new OwnedEntryRemovals());
        }
        map = m;
        return m;
    }

    @Override
    public synchronized void close() {
        if (map != null) {
            try {
                if (listenerId != null) {
                    map.removeEntryListener(listenerId);
                }
                if (ownedEntriesListenerId != null) {
                    map.removeEntryListener(ownedEntriesListenerId);
                }
            } catch (RuntimeException e) {
                LOG.debug("region '{}': could not remove the near-cache listener", region, e);
            }
        }
        clearNear();
        tier.forget(this);
    }

    /** A copy of a near entry, its classes resolved through the loader of the value's class first. */
    private StoredEntry<V> copy(StoredEntry<V> entry) {
        return copier.copy(entry, "value", entry.value().getClass().getClassLoader());
    }

    private long ttlMillis(StoredEntry<V> entry) {
        return entry.hasOwnTtl() ? entry.ttlMillis() : settings.ttl().toMillis(); // 0 = never expires, as in Hazelcast
    }

    private static int ttlSeconds(RegionSettings settings) {
        long millis = settings.ttl().toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }

    private void requireSerializable(K key, StoredEntry<V> entry) {
        if (!(key instanceof Serializable)) {
            throw new IllegalArgumentException("region '" + region + "' is on the distributed tier, which "
                    + "serialises keys, but the key class " + key.getClass().getName() + " is not Serializable");
        }
        if (!(entry.value() instanceof Serializable)) {
            throw new IllegalArgumentException("region '" + region + "' is on the distributed tier, which "
                    + "serialises values, but " + entry.value().getClass().getName() + " is not Serializable; "
                    + "make it Serializable or keep the region on strata.tier=local");
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> StoredEntry<V> cast(StoredEntry<?> entry) {
        return (StoredEntry<V>) entry;
    }

    @Override
    public String toString() {
        return "DistributedTierCache[" + region + " -> " + mapName + "]";
    }

    /** Reports evictions and expirations of entries this member owns to the region. */
    private final class OwnedEntryRemovals implements EntryEvictedListener<Object, Object>,
            EntryExpiredListener<Object, Object> {

        @Override
        public void entryEvicted(EntryEvent<Object, Object> event) {
            listener.evicted();
        }

        @Override
        public void entryExpired(EntryEvent<Object, Object> event) {
            listener.expired();
        }
    }

    /** Drops near copies when any JVM changes the region's map. */
    private final class NearInvalidation implements EntryAddedListener<Object, Object>,
            EntryUpdatedListener<Object, Object>, EntryRemovedListener<Object, Object>,
            EntryMergedListener<Object, Object>, MapClearedListener, MapEvictedListener {

        @Override
        public void entryAdded(EntryEvent<Object, Object> event) {
            drop(event);
        }

        @Override
        public void entryUpdated(EntryEvent<Object, Object> event) {
            drop(event);
        }

        @Override
        public void entryRemoved(EntryEvent<Object, Object> event) {
            drop(event);
        }

        @Override
        public void entryMerged(EntryEvent<Object, Object> event) {
            drop(event);
        }

        @Override
        public void mapCleared(MapEvent event) {
            near.clear();
            counters.invalidationsReceived.increment();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            near.clear();
            counters.invalidationsReceived.increment();
        }

        private void drop(EntryEvent<Object, Object> event) {
            near.invalidate(event.getKey());
            counters.invalidationsReceived.increment();
        }
    }
}
