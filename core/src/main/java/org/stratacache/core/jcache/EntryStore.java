package org.stratacache.core.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.stratacache.core.jcache.event.EntryEvents;
import org.stratacache.core.tier.StoredEntry;

/**
 * Where a {@link StrataCache}'s entries live and what reading and changing one means there. The cache holds the
 * JSR-107 semantics once (per-key atomicity, conditional operations, write-through, events, statistics); a store
 * gives it the primitives. Two stores: {@link TierEntries} (a cache of the provider: its own tier storage, with
 * JSR-107 expiry and store-by-value) and {@link RegionEntries} (a region's view: the region itself, with its
 * tags, invalidation and statistics).
 *
 * <p>Methods that take {@code events} run while the caller holds the key's lock and add the events of what they
 * changed. Entries are the tier's records; only the store knows what they hold ({@link #value}).
 */
interface EntryStore<K, V> {

    /** What {@link #create} did. */
    enum Created {
        /** Stored. */
        KEPT,
        /** Accepted, but not stored: the expiry policy expires it at once. */
        EXPIRED_AT_ONCE,
        /** Not stored: the store found a value after all (a region written to by others). */
        PRESENT
    }

    /** A look without the lock, for {@code get}'s fast path; null when absent. A region counts it as its read. */
    StoredEntry<?> peek(K key);

    /** True when a peeked entry has expired (it then needs the locked path, which removes and reports it). */
    boolean expired(StoredEntry<?> entry, long now);

    /** The expiry policy's answer for an access: a TTL in milliseconds, or {@link Expiry#KEEP}. */
    long onAccess();

    /** The live entry (an expired one is removed and reported), for a read the caller's answer depends on. */
    StoredEntry<?> read(K key, long now, EntryEvents<K, V> events);

    /**
     * The live entry, for a look the caller's answer does not depend on (what a write replaces, whether there is
     * an entry to touch). A region's view does not look (null): the region keeps its own reads for its callers.
     */
    StoredEntry<?> readQuietly(K key, long now, EntryEvents<K, V> events);

    /** The value an entry holds (a fresh copy when stored by value). */
    V value(StoredEntry<?> entry);

    /** The form a value is stored in (serialised when stored by value); made before the key's lock is taken. */
    Object stored(V value);

    /** The key as handed out to iterating callers (a copy when stored by value). */
    K handOut(K key);

    /** Stores a value for a key read as absent (or not looked at). */
    Created create(K key, Object stored, V value, long now, EntryEvents<K, V> events);

    /** Stores a value over {@code old} (null: absent); false when the expiry policy expired it at once. */
    boolean put(K key, Object stored, V value, StoredEntry<?> old, V oldValue, long now, EntryEvents<K, V> events);

    /** Makes the key absent, given what was read ({@code old}, null when absent or not looked at). */
    void remove(K key, StoredEntry<?> old, V oldValue, EntryEvents<K, V> events);

    /** Applies an access TTL ({@link #onAccess}) to a live entry. */
    void access(K key, StoredEntry<?> entry, V value, long now, long ttl, EntryEvents<K, V> events);

    /** The live entries, weakly consistent, keys as stored. */
    Iterator<Map.Entry<K, StoredEntry<?>>> entries();

    /**
     * Removes every entry: hands the live keys to {@code oneByOne} (which removes each with its write-through,
     * events and statistics), or drops them all at once where nothing needs telling (a region's view).
     */
    void removeAll(Consumer<Set<K>> oneByOne);

    /** Drops every entry, telling nobody. */
    void clear();

    /** Releases what the store holds (the provider's storage and expiry policy; nothing for a region's view). */
    void close();

    /** The entries of {@code raw} that are {@code live}, looked ahead one at a time. */
    static <K, E> Iterator<Map.Entry<K, E>> filter(Iterator<Map.Entry<K, E>> raw, Predicate<E> live) {
        return new Iterator<>() {
            private Map.Entry<K, E> next = advance();

            private Map.Entry<K, E> advance() {
                while (raw.hasNext()) {
                    Map.Entry<K, E> e = raw.next();
                    if (e.getValue() != null && live.test(e.getValue())) {
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
            public Map.Entry<K, E> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<K, E> current = next;
                next = advance();
                return current;
            }
        };
    }
}
