package org.stratacache.core.jcache.event;

import java.util.ArrayList;
import java.util.List;

import javax.cache.Cache;

/**
 * The entry events of one cache operation, collected while it holds its key locks. An event is kept only
 * while someone listens ({@link #wanted()}); callers that would compute a value only for an event ask first.
 */
public final class EntryEvents<K, V> {
    private final Cache<K, V> source;
    private final CacheListeners<K, V> listeners;
    private List<EntryEvent<K, V>> events; // null until the first event
    private int published;

    EntryEvents(Cache<K, V> source, CacheListeners<K, V> listeners) {
        this.source = source;
        this.listeners = listeners;
    }

    /** True while the cache has listeners: only then are events (and the old values they carry) needed. */
    public boolean wanted() {
        return !listeners.isEmpty();
    }

    public void created(K key, V value) {
        if (wanted()) {
            add(EntryEvent.created(source, key, value));
        }
    }

    public void updated(K key, V value, V oldValue) {
        if (wanted()) {
            add(EntryEvent.updated(source, key, value, oldValue));
        }
    }

    public void removed(K key, V oldValue) {
        if (wanted()) {
            add(EntryEvent.removed(source, key, oldValue));
        }
    }

    public void expired(K key, V oldValue) {
        if (wanted()) {
            add(EntryEvent.expired(source, key, oldValue));
        }
    }

    private void add(EntryEvent<K, V> event) {
        if (events == null) {
            events = new ArrayList<>();
        }
        events.add(event);
    }

    /** Every event of the operation, in the order of its changes. */
    List<EntryEvent<K, V>> all() {
        return events == null ? List.of() : events;
    }

    /** The events not yet handed to the asynchronous listeners; from then on they count as handed over. */
    List<EntryEvent<K, V>> takeUnpublished() {
        if (events == null || published == events.size()) {
            return List.of();
        }
        List<EntryEvent<K, V>> fresh = events.subList(published, events.size());
        published = events.size();
        return fresh;
    }
}
