/**
 * JSR-107 management of a cache: what it counts
 * ({@link org.stratacache.core.jcache.management.CacheStatistics}: only while statistics are enabled, gets, puts
 * and removals timed) and its two MXBeans on the platform MBean server
 * ({@link org.stratacache.core.jcache.management.CacheManagement}:
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}, the names
 * JSR-107 and its TCK require).
 *
 * <p>The counters and the statistics MXBean are Strata's one shape for regions and caches alike
 * ({@link org.stratacache.core.internal.stats.RegionCounters},
 * {@link org.stratacache.core.internal.stats.CacheStatisticsBean}): they live in {@code internal.stats} because a
 * region store registers the same bean for its regions without the JCache provider. May use {@code javax.cache},
 * {@code org.stratacache.core.internal.stats} and the tier SPI (tier-counted evictions); it does not know the
 * cache implementation ({@code org.stratacache.core.jcache}), which reads its live configuration through a
 * supplier.
 */
package org.stratacache.core.jcache.management;
