/**
 * The tier SPI: where regions keep their entries. A {@link org.stratacache.core.tier.Tier} creates one
 * {@link org.stratacache.core.tier.TierCache} per region and owns the tag versions the regions of a store
 * share. A {@code TierCache} is a plain map of key to {@link org.stratacache.core.tier.StoredEntry} with
 * expiry and a size bound, atomic per key, allowed to throw when it fails (the region counts that and
 * degrades); a {@link org.stratacache.core.tier.TierListener} hears what a tier drops on its own; a shared tier
 * offers {@link org.stratacache.core.tier.ClusterLease}s, to elect one process of its cluster for a job that must
 * run once (mode {@code logical}'s slot reader). Tags,
 * loaders and statistics are the region engine's ({@code internal.region}), not a tier's.
 *
 * <p>Implementations: {@code tier.local} (on-heap, the default: Caffeine or Ehcache 3) and {@code tier.distributed}
 * (Hazelcast with a near cache). May use {@code tag} and the root package's {@code RegionSettings}.
 */
package org.stratacache.core.tier;
