/**
 * The distributed tier (implements the {@code tier} SPI): regions in Hazelcast maps, hot entries in Strata's
 * own near cache on every JVM, tag versions shared by the cluster. API:
 * {@link org.stratacache.core.tier.distributed.DistributedTier} (built by the store for
 * {@code strata.tier=distributed}, or by {@code DistributedTier.using} around an instance the application
 * runs) and {@link org.stratacache.core.tier.distributed.DistributedTierStats}. The rest is package-private:
 * {@code DistributedTierCache} (one region), {@code NearCache} with {@code FrequencySketch} (admission by
 * read frequency), {@code ClusterTagVersions} (mirrored counters; a doubt reads as stale),
 * {@code VersionIncrement} (an entry processor: the CP subsystem is not in the Community Edition),
 * {@code CircuitBreaker} (bounded waits, degrade to the database), {@code MapLease} (a cluster lease as a map
 * entry lock with a lease: the CP subsystem's {@code FencedLock} is not in the Community Edition), {@code HazelcastConfigs} and
 * {@code HazelcastSettings} (safe network defaults), {@code SharedMembers} (one embedded member per network
 * configuration in a JVM).
 *
 * <p>{@code RegionStore} loads this package by class name, so Hazelcast, an optional dependency of core, is
 * needed only with this tier. May use {@code tier}, {@code tag}, {@code config}, the root package,
 * {@code internal} (the near cache's {@code CoarseClock}) and Hazelcast.
 */
package org.stratacache.core.tier.distributed;
