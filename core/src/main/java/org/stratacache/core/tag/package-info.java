/**
 * Tag versions, the invalidation core. An entry carries the versions of its tags taken before its value
 * was loaded ({@link org.stratacache.core.tag.TagSnapshot}, API); invalidating a tag raises its counter, O(1)
 * however many entries carry it, and a read that finds a version changed is a miss.
 * {@link org.stratacache.core.tag.TagVersions} is the contract a tier implements (SPI):
 * {@link org.stratacache.core.tag.LocalTagVersions} for one JVM here, cluster-wide counters in
 * {@code tier.distributed}.
 *
 * <p>Uses nothing of Strata; every layer above builds on it.
 */
package org.stratacache.core.tag;
