/**
 * The JSR-107 ({@code javax.cache}) provider over Strata's tiers, and the {@code javax.cache.Cache} view of a
 * region ({@link org.stratacache.core.Region#asJCache()}).
 *
 * <p>{@link org.stratacache.core.jcache.StrataCachingProvider} is registered in
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. Each cache manager it creates owns a
 * {@link org.stratacache.core.RegionStore} built from the {@code strata.*} properties given to
 * {@code getCacheManager(uri, classLoader, properties)}, so {@code strata.tier} picks where the caches live.
 * Public here: the provider, {@link org.stratacache.core.jcache.StrataConfiguration} (write-behind) and
 * {@link org.stratacache.core.jcache.RegionView} (the factory the region calls); the manager and the cache are
 * reached through {@code javax.cache} and {@code unwrap}.
 *
 * <h2>One cache implementation, two configurations</h2>
 * {@code StrataCache} holds the JSR-107 semantics once: per-key atomicity (every operation on a key runs in one
 * template, {@code withKeyLocked}: under the key's lock it reads the live entry, calls the writer, changes the
 * store and collects the events, which fire after the lock is released; then it records the statistics),
 * conditional operations, entry processors, iteration. Where the entries live is an {@code EntryStore}:
 * <ul>
 *   <li>a cache of the provider is {@code StrataCache} over {@code TierEntries}: one raw
 *       {@link org.stratacache.core.tier.TierCache} of the manager's store, with JSR-107 expiry, store-by-value,
 *       loader, writer, write-behind, listeners and statistics;</li>
 *   <li>a region's view ({@link org.stratacache.core.jcache.RegionView}) is the same {@code StrataCache} over
 *       {@code RegionEntries}: the region itself.</li>
 * </ul>
 * The view is a configuration rather than a cache of its own because its semantics differ only where the region
 * decides: a read is the region's read (tags and staleness checked, counted in the region's statistics), a write
 * its put, a removal its invalidation (which also cancels a load in flight), removing everything its O(1)
 * invalidate-all; writes the view does not need to answer for do not read the region first, so they are not
 * counted as reads. It has no loader, writer, entry listeners (registering one is refused), expiry policy or
 * statistics MXBean of its own, and it belongs to the region (closing it does nothing). Everything else — argument
 * checks, conditional operations, entry processors, iteration — is the provider's code.
 *
 * <h2>Packages</h2>
 * This package: provider, manager, cache, entry stores, expiry. By role below it, none of which imports this
 * package back:
 * <ul>
 *   <li>{@code jcache.event}: listener registrations and the events of one operation;</li>
 *   <li>{@code jcache.integration}: loader, writer, write-behind batches, the entry handed to writers;</li>
 *   <li>{@code jcache.management}: what a cache counts and its statistics and configuration MXBeans.</li>
 * </ul>
 * It may use the core API, {@code config}, {@code tier}, {@code writebehind}, {@code internal.copy},
 * {@code internal.stats} and {@code internal}; not {@code internal.region} (the region calls
 * {@link org.stratacache.core.jcache.RegionView}, not the other way round).
 */
package org.stratacache.core.jcache;
