package org.stratacache.core.tier;

import java.time.Duration;
import java.util.Optional;

import org.stratacache.core.RegionSettings;
import org.stratacache.core.tag.TagVersions;

/**
 * A place where regions keep their entries: the local tier (on-heap: Caffeine or Ehcache 3) or the distributed tier
 * (Hazelcast with a near cache). A tier creates one {@link TierCache} per region and owns the tag
 * versions that all regions of the store share, so that tag invalidation reaches every place the tier's
 * entries can be read from.
 */
public interface Tier extends AutoCloseable {

    /** A short name for logs and statistics: {@code local}, {@code distributed}. */
    String name();

    /** Creates the storage for a region. Called once per region name. */
    <K, V> TierCache<K, V> createCache(String regionName, RegionSettings settings, TierListener listener);

    /** The tag versions every region of this tier checks on read. */
    TagVersions tagVersions();

    /**
     * The time entries and update timestamps should be stamped with: the JVM's clock for the local tier,
     * the cluster's clock ({@code Cluster#getClusterTime}) for the distributed tier, so that every member
     * stamps on one time line.
     */
    default long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    /**
     * A lease named {@code name} that one process of this tier's cluster holds at a time, kept {@code lease} long
     * per renewal; empty for a tier whose store is one JVM's alone (the local tier: there is nobody to elect).
     */
    default Optional<ClusterLease> lease(String name, Duration lease) {
        return Optional.empty();
    }

    /** Releases everything the tier created. */
    @Override
    void close();
}
