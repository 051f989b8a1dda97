/**
 * The JSR-107 ({@code javax.cache}) provider over Strata's tiers.
 *
 * <p>{@link org.stratacache.core.jcache.StrataCachingProvider} is the only public type: it is registered in
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. Each cache manager it creates owns a
 * {@link org.stratacache.core.RegionStore} built from the {@code strata.*} properties given to
 * {@code getCacheManager(uri, classLoader, properties)}, so {@code strata.tier} picks where the caches live.
 * Each cache is one raw {@link org.stratacache.core.tier.TierCache} with the JCache semantics on top
 * (per-key atomicity, events, expiry, read-/write-through, store-by-value, statistics): see
 * {@code StrataCache}.
 *
 * <p>{@link org.stratacache.core.jcache.RegionCacheView} is a different thing: the lightweight
 * {@code javax.cache.Cache} view of a region that {@link org.stratacache.core.Region#asJCache()} returns
 * (no listeners, no loader or writer; the region's own tags and statistics apply).
 */
package org.stratacache.core.jcache;
