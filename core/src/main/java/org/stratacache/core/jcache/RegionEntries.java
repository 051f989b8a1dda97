package org.stratacache.core.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.stratacache.core.Region;
import org.stratacache.core.jcache.event.EntryEvents;
import org.stratacache.core.tier.StoredEntry;

/**
 * The entries of a region's view ({@link RegionView}): the region itself. A read the caller's answer depends on
 * is the region's read (tags and staleness checked, counted in the region's statistics); a write is the region's
 * put, a removal its invalidation (which also cancels the store of a load in flight), removing everything its
 * invalidate-all. The region has no JSR-107 expiry and stores by value, if configured, in its own tier.
 */
final class RegionEntries<K, V> implements EntryStore<K, V> {
    private final Region<K, V> region;
    private final RegionView.Access<K, V> access;

    RegionEntries(Region<K, V> region, RegionView.Access<K, V> access) {
        this.region = region;
        this.access = access;
    }

    @Override
    public StoredEntry<?> peek(K key) {
        return access.read(key);
    }

    @Override
    public boolean expired(StoredEntry<?> entry, long now) {
        return false;
    }

    @Override
    public long onAccess() {
        return Expiry.KEEP;
    }

    @Override
    public StoredEntry<?> read(K key, long now, EntryEvents<K, V> events) {
        return access.read(key);
    }

    @Override
    public StoredEntry<?> readQuietly(K key, long now, EntryEvents<K, V> events) {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V value(StoredEntry<?> entry) {
        return (V) entry.value();
    }

    @Override
    public Object stored(V value) {
        return value;
    }

    @Override
    public K handOut(K key) {
        return key;
    }

    /** Not looked at first, so conditional in the region: a usable value there wins. */
    @Override
    public Created create(K key, Object stored, V value, long now, EntryEvents<K, V> events) {
        return region.putIfAbsent(key, value) ? Created.KEPT : Created.PRESENT;
    }

    @Override
    public boolean put(K key, Object stored, V value, StoredEntry<?> old, V oldValue, long now,
                       EntryEvents<K, V> events) {
        region.put(key, value);
        return true;
    }

    @Override
    public void remove(K key, StoredEntry<?> old, V oldValue, EntryEvents<K, V> events) {
        region.invalidate(key);
    }

    @Override
    public void access(K key, StoredEntry<?> entry, V value, long now, long ttl, EntryEvents<K, V> events) {
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Iterator<Map.Entry<K, StoredEntry<?>>> entries() {
        Iterator raw = EntryStore.filter(access.entries(), access::usable);
        return raw;
    }

    @Override
    public void removeAll(Consumer<Set<K>> oneByOne) {
        region.invalidateAll();
    }

    @Override
    public void clear() {
        region.invalidateAll();
    }

    @Override
    public void close() {
    }
}
