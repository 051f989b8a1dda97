package org.stratacache.core.jcache;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.stratacache.core.internal.Closing;
import org.stratacache.core.internal.copy.SerializingCopier;
import org.stratacache.core.jcache.event.EntryEvents;
import org.stratacache.core.tier.StoredEntry;
import org.stratacache.core.tier.TierCache;

/**
 * The entries of a provider's cache: one raw {@link TierCache} of the manager's region store, holding
 * {@link Expiry.Held} records.
 *
 * <ul>
 *   <li><b>Expiry is ours, not the tier's</b> ({@link Expiry}): each record carries its expiry time; an entry
 *       found expired (by any operation) is removed and reported EXPIRED with its value. "Keep the current
 *       expiry" keeps the time; a zero duration never stores (creation) or removes at once (update, access), as
 *       the specification says.</li>
 *   <li><b>Store-by-value</b> keeps each value serialized in the tier and each key as a private copy, so neither
 *       the caller who stored it nor readers can change the cached state; store-by-reference keeps the objects
 *       themselves (the local tier hands out the same instance).</li>
 * </ul>
 */
final class TierEntries<K, V> implements EntryStore<K, V> {
    private final TierCache<Object, Object> storage;
    private final Expiry expiry;
    private final SerializingCopier copier; // null: store-by-reference

    TierEntries(TierCache<Object, Object> storage, Expiry expiry, SerializingCopier copier) {
        this.storage = storage;
        this.expiry = expiry;
        this.copier = copier;
    }

    @Override
    public StoredEntry<?> peek(K key) {
        return storage.get(key);
    }

    @Override
    public boolean expired(StoredEntry<?> entry, long now) {
        return Expiry.expired(entry, now);
    }

    @Override
    public long onAccess() {
        return expiry.onAccess();
    }

    @Override
    public StoredEntry<?> read(K key, long now, EntryEvents<K, V> events) {
        StoredEntry<Object> entry = storage.get(key);
        if (entry == null) {
            return null;
        }
        if (Expiry.expired(entry, now)) {
            storage.remove(key);
            if (events.wanted()) {
                events.expired(key, value(entry));
            }
            return null;
        }
        return entry;
    }

    @Override
    public StoredEntry<?> readQuietly(K key, long now, EntryEvents<K, V> events) {
        return read(key, now, events);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V value(StoredEntry<?> entry) {
        Object stored = Expiry.held(entry).value();
        return copier != null ? (V) copier.deserialize((byte[]) stored) : (V) stored;
    }

    @Override
    public Object stored(V value) {
        return copier != null ? copier.serialize(value, "value") : value;
    }

    @Override
    public K handOut(K key) {
        return copier != null ? copier.copy(key, "key") : key;
    }

    @Override
    public Created create(K key, Object stored, V value, long now, EntryEvents<K, V> events) {
        long ttl = expiry.onCreation();
        if (ttl == Expiry.EXPIRE_NOW) {
            return Created.EXPIRED_AT_ONCE;
        }
        storage.put(handOut(key), Expiry.hold(stored, now, Expiry.expiresAt(now, ttl)));
        events.created(key, value);
        return Created.KEPT;
    }

    @Override
    public boolean put(K key, Object stored, V value, StoredEntry<?> old, V oldValue, long now,
                       EntryEvents<K, V> events) {
        if (old == null) {
            return create(key, stored, value, now, events) == Created.KEPT;
        }
        long ttl = expiry.onUpdate();
        if (ttl == Expiry.EXPIRE_NOW) {
            storage.remove(key);
        } else {
            long until = ttl == Expiry.KEEP ? Expiry.held(old).expiresAtMillis() : Expiry.expiresAt(now, ttl);
            storage.put(handOut(key), Expiry.hold(stored, now, until));
        }
        if (events.wanted()) {
            events.updated(key, value, oldValue != null ? oldValue : value(old));
        }
        return true;
    }

    @Override
    public void remove(K key, StoredEntry<?> old, V oldValue, EntryEvents<K, V> events) {
        if (old != null) {
            storage.remove(key);
            events.removed(key, oldValue);
        }
    }

    @Override
    public void access(K key, StoredEntry<?> entry, V value, long now, long ttl, EntryEvents<K, V> events) {
        if (ttl == Expiry.KEEP) {
            return;
        }
        if (ttl == Expiry.EXPIRE_NOW) {
            storage.remove(key);
            if (events.wanted()) {
                events.expired(key, value != null ? value : value(entry));
            }
            return;
        }
        storage.put(key, Expiry.hold(Expiry.held(entry).value(), now, Expiry.expiresAt(now, ttl)));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Iterator<Map.Entry<K, StoredEntry<?>>> entries() {
        Iterator raw = storage.iterator();
        return EntryStore.filter((Iterator<Map.Entry<K, StoredEntry<?>>>) raw,
                entry -> !Expiry.expired(entry, System.currentTimeMillis()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void removeAll(Consumer<Set<K>> oneByOne) {
        Set<K> live = new LinkedHashSet<>();
        long now = System.currentTimeMillis();
        Iterator<Map.Entry<Object, StoredEntry<Object>>> it = storage.iterator();
        while (it.hasNext()) {
            Map.Entry<Object, StoredEntry<Object>> e = it.next();
            if (e.getValue() != null && !Expiry.expired(e.getValue(), now)) {
                live.add((K) e.getKey());
            }
        }
        oneByOne.accept(live);
    }

    @Override
    public void clear() {
        storage.clear();
    }

    @Override
    public void close() {
        Closing.quietly(expiry.policy());
        storage.close();
    }
}
