package org.stratacache.jdbc;

import java.util.Map;

/**
 * The JMX view of one JDBC caching context's {@link JdbcStats}, registered as
 * {@code org.stratacache:type=JdbcStatistics,store=<store>} when {@code strata.statistics.jmx=true}. The store
 * value is the store's JMX name ({@code RegionStore.jmxName()}: its name, made unique among the open stores of this
 * JVM), with {@code -2}, {@code -3} … appended when another open context over the same store registered first.
 * Every getter reads a fresh snapshot.
 */
public interface JdbcStatisticsMXBean {
    long getHits();

    long getMisses();

    /** Hits over cacheable reads (hits + misses). */
    double getHitRatio();

    long getUncached();

    /** Uncached reads by {@link UncachedReason} name (reasons never seen are absent). */
    Map<String, Long> getUncachedByReason();

    long getStreamed();

    long getNotAdmitted();

    long getInvalidations();

    long getStrataFailures();

    /** Statements on write-behind tables that ran on the database, by {@link NotQueuedReason} name. */
    Map<String, Long> getWriteBehindNotQueued();

    /** User function names looked up in the database's catalog for their volatility. */
    long getFunctionLookups();

    /** Catalog lookups of function volatility that failed (the function then counts as unknown). */
    long getFunctionLookupFailures();
}
