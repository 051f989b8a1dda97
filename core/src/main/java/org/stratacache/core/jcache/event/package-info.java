/**
 * Entry listeners of a JSR-107 cache: their registrations ({@link org.stratacache.core.jcache.event.CacheListeners})
 * and the events of one operation ({@link org.stratacache.core.jcache.event.EntryEvents}).
 *
 * <p>Owns delivery order and failure handling: an operation's events go to asynchronous listeners while it still
 * holds the key's lock (so per key they arrive in mutation order, on the cache manager's executor, one at a time
 * per registration; failures are logged), and to synchronous listeners after the lock is released and before the
 * operation returns (failures reach the caller as {@code CacheEntryListenerException}). Filters are applied
 * here.
 *
 * <p>May use {@code javax.cache} and {@code org.stratacache.core.internal}; it does not know the cache
 * implementation ({@code org.stratacache.core.jcache}), which creates the collections and fires them. Public
 * only what the cache calls; the event type and the registrations are package-private.
 */
package org.stratacache.core.jcache.event;
