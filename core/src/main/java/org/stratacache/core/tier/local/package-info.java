/**
 * The local tier, the embedded default (implements the {@code tier} SPI; only
 * {@link org.stratacache.core.tier.local.LocalTier} is public). Each region is an on-heap cache bounded by
 * entry count, kept by one of two engines ({@code strata.local.engine}): Caffeine ({@code CaffeineTierCache}, the
 * default, expiring against the shared {@code CoarseClock}) or Ehcache 3 ({@code EhcacheTierCache}, its native
 * API, not its JCache facade). The immutable {@code StoredEntry} records are held by reference, or copied
 * through serialization for store-by-value regions ({@code SerializingCopier}).
 *
 * <p>May use {@code tier}, {@code tag}, the root package, {@code internal} ({@code CoarseClock}) and
 * {@code internal.copy}, Caffeine and Ehcache.
 */
package org.stratacache.core.tier.local;
