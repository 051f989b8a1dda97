/**
 * Internal: region statistics. {@link org.stratacache.core.internal.stats.RegionCounters} (hits and misses
 * counted in a cell per thread, {@link org.stratacache.core.internal.stats.PerThreadCounter}, the rest in striped
 * adders; read as a {@code RegionStats} snapshot; also the {@code TierListener} counting what a tier
 * drops), {@link org.stratacache.core.internal.stats.RegionStatisticsMXBean} (a region seen as JCache
 * {@code CacheStatistics}; only loads are timed) and {@link org.stratacache.core.internal.stats.JmxRegistration}
 * (registration under JCache's object names when {@code strata.statistics.jmx=true}).
 *
 * <p>Not API. May use the root package's {@code RegionStats}, {@code tier}'s {@code TierListener}, JMX and
 * {@code javax.cache.management}.
 */
package org.stratacache.core.internal.stats;
