package org.stratacache.core.jcache.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;

/**
 * The entry listeners registered on one cache, and the delivery of each operation's {@link EntryEvents}:
 * asynchronous listeners get an operation's events queued while it still holds the key's lock
 * ({@link #publish}), so per key they arrive in mutation order; synchronous listeners run after the locks are
 * released ({@link #fire}), so a listener may use the cache, and before the operation returns.
 */
public final class CacheListeners<K, V> {
    private final Executor executor;
    private final String refusal; // non-null: this cache takes no listeners, and says why
    private final CopyOnWriteArrayList<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

    /** The listeners of a cache, first those of its configuration; asynchronous ones run on {@code executor}. */
    public CacheListeners(Executor executor, Iterable<CacheEntryListenerConfiguration<K, V>> configured) {
        this.executor = executor;
        this.refusal = null;
        for (CacheEntryListenerConfiguration<K, V> configuration : configured) {
            registrations.add(new ListenerRegistration<>(configuration, executor));
        }
    }

    private CacheListeners(String refusal) {
        this.executor = null;
        this.refusal = refusal;
    }

    /** For a cache that takes no listeners: registering one fails with {@code refusal}. */
    public static <K, V> CacheListeners<K, V> refusing(String refusal) {
        return new CacheListeners<>(refusal);
    }

    boolean isEmpty() {
        return registrations.isEmpty();
    }

    /** Registers a listener; the caller serialises registrations. */
    public void register(CacheEntryListenerConfiguration<K, V> configuration, String cacheName) {
        requireListenable();
        for (ListenerRegistration<K, V> r : registrations) {
            if (r.configuration().equals(configuration)) {
                throw new IllegalArgumentException("this listener configuration is already registered on cache '"
                        + cacheName + "'");
            }
        }
        registrations.add(new ListenerRegistration<>(configuration, executor));
    }

    /** Removes and closes a registered listener; false when it was not registered. */
    public boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        requireListenable();
        for (ListenerRegistration<K, V> r : registrations) {
            if (r.configuration().equals(configuration)) {
                registrations.remove(r);
                r.close();
                return true;
            }
        }
        return false;
    }

    private void requireListenable() {
        if (refusal != null) {
            throw new UnsupportedOperationException(refusal);
        }
    }

    /** A fresh collection for the events of one operation on {@code source}. */
    public EntryEvents<K, V> collect(Cache<K, V> source) {
        return new EntryEvents<>(source, this);
    }

    /** Hands the events not yet published to the asynchronous listeners; call while holding the key's lock. */
    public void publish(EntryEvents<K, V> events) {
        List<EntryEvent<K, V>> fresh = events.takeUnpublished();
        if (fresh.isEmpty()) {
            return;
        }
        for (ListenerRegistration<K, V> registration : registrations) {
            if (!registration.isSynchronous()) {
                registration.dispatch(fresh);
            }
        }
    }

    /** Delivers all the operation's events to the synchronous listeners; call after its locks are released. */
    public void fire(EntryEvents<K, V> events) {
        List<EntryEvent<K, V>> all = events.all();
        if (all.isEmpty()) {
            return;
        }
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.isSynchronous()) {
                registration.dispatch(all);
            }
        }
    }

    /** Releases every listener and filter that holds resources. */
    public void close() {
        registrations.forEach(ListenerRegistration::close);
    }
}
