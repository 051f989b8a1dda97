package org.stratacache.hibernate;

/**
 * The wall clock behind every timestamp Hibernate's cache compares: soft-lock timeouts, READ_WRITE item
 * readability and, above all, the update-timestamps region that decides whether a cached query result is
 * stale. Those comparisons mix timestamps written by different processes as soon as regions are shared
 * (the distributed tier), so they must come from one clock: the cluster's.
 *
 * <p>This is the seam where the distributed tier plugs its cluster time in (Hazelcast's
 * {@code Cluster#getClusterTime()}); the local tier uses {@link #SYSTEM}, which is exact within one JVM.
 */
@FunctionalInterface
interface CacheClock {

    /** This JVM's clock: right for the local tier, where every reader and writer shares it. */
    CacheClock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the epoch, as agreed by every process that shares the regions. */
    long currentTimeMillis();
}
