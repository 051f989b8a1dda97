/**
 * Internal: the region engine. {@link org.stratacache.core.internal.region.TieredRegion} implements
 * {@code Region} over one {@code TierCache}: tag snapshots compared on every read, the invalidate-all
 * epoch, single-flight read-through ({@link org.stratacache.core.internal.region.Flight}: one load per key,
 * shared by every waiter, its store cancelled by an invalidation), per-key compute, refresh-ahead,
 * statistics, and degradation to a miss when the tier fails. {@code TieredRegion}'s class comment explains
 * how staleness is ruled out.
 *
 * <p>Created only by {@code RegionStore}; not API. May use the root package, {@code tag}, {@code tier},
 * {@code internal.stats}, and {@code jcache}'s {@code RegionCacheView} (what {@code Region.asJCache()}
 * returns).
 */
package org.stratacache.core.internal.region;
