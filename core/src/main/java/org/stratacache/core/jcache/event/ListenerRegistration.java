package org.stratacache.core.jcache.event;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.Closing;

/**
 * One registered entry listener with its filter. Synchronous listeners run on the caller's thread after the
 * operation's locks are released and before the operation returns; their failures reach the caller as
 * {@link CacheEntryListenerException}. Asynchronous listeners run on the manager's threads, one event at a
 * time per registration and in the order the cache produced them; their failures are logged.
 */
final class ListenerRegistration<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerRegistration.class);

    private final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;
    private final Executor executor;
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>(); // guarded by itself
    private boolean draining; // guarded by pending

    ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
        this.configuration = configuration;
        Factory<CacheEntryListener<? super K, ? super V>> listenerFactory = configuration.getCacheEntryListenerFactory();
        if (listenerFactory == null) {
            throw new IllegalArgumentException("the listener configuration has no listener factory");
        }
        this.listener = listenerFactory.create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
        this.executor = executor;
    }

    CacheEntryListenerConfiguration<K, V> configuration() {
        return configuration;
    }

    boolean isSynchronous() {
        return configuration.isSynchronous();
    }

    /** Delivers the events this registration listens to, in order. */
    void dispatch(List<EntryEvent<K, V>> events) {
        if (configuration.isSynchronous()) {
            for (EntryEvent<K, V> event : events) {
                deliverSync(event);
            }
        } else {
            for (EntryEvent<K, V> event : events) {
                if (listensTo(event)) {
                    enqueue(() -> deliverAsync(event));
                }
            }
        }
    }

    private void deliverSync(EntryEvent<K, V> event) {
        try {
            if (listensTo(event) && accepts(event)) {
                deliver(event);
            }
        } catch (CacheEntryListenerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheEntryListenerException("entry listener " + listener.getClass().getName()
                    + " failed on " + event.getEventType() + " of key " + event.getKey(), e);
        }
    }

    private void deliverAsync(EntryEvent<K, V> event) {
        try {
            if (accepts(event)) {
                deliver(event);
            }
        } catch (RuntimeException e) {
            LOG.warn("asynchronous entry listener {} failed on {} of key {}", listener.getClass().getName(),
                    event.getEventType(), event.getKey(), e);
        }
    }

    private boolean listensTo(EntryEvent<K, V> event) {
        return switch (event.getEventType()) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    private boolean accepts(EntryEvent<K, V> event) {
        return filter == null || filter.evaluate(event);
    }

    @SuppressWarnings("unchecked")
    private void deliver(EntryEvent<K, V> event) {
        List<EntryEvent<K, V>> one = List.of(event);
        Iterable<javax.cache.event.CacheEntryEvent<? extends K, ? extends V>> batch =
                (Iterable<javax.cache.event.CacheEntryEvent<? extends K, ? extends V>>) (Iterable<?>) one;
        switch (event.getEventType()) {
            case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(batch);
            case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(batch);
            case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(batch);
            case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(batch);
        }
    }

    /** Runs queued deliveries one at a time on the executor, keeping their order. */
    private void enqueue(Runnable delivery) {
        synchronized (pending) {
            pending.add(delivery);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException rejected) {
            synchronized (pending) {
                draining = false;
                pending.clear();
            }
            LOG.debug("asynchronous listener delivery rejected (cache manager closing)", rejected);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (pending) {
                next = pending.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }

    /** Releases the listener and filter when they hold resources. */
    void close() {
        Closing.quietly(listener);
        Closing.quietly(filter);
    }
}
