/**
 * The local tier, the embedded default (implements the {@code tier} SPI; only
 * {@link org.stratacache.core.tier.local.LocalTier} is public). Each region is an Ehcache 3 on-heap cache
 * bounded by entry count; its immutable {@code StoredEntry} records are held by reference, or copied
 * through serialization for store-by-value regions ({@code SerializingCopier}). Ehcache's native API is used,
 * not its JCache facade.
 *
 * <p>May use {@code tier}, {@code tag}, the root package and Ehcache.
 */
package org.stratacache.core.tier.local;
