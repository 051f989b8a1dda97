/**
 * JDBC through Strata against the driver alone, on H2 in-memory and PostgreSQL: a primary-key select, a join
 * with an aggregate and a 100-row range, as hits, pass-through misses and storing misses (both admission
 * policies), plus the driver behind datasource-proxy for comparison with Strata's own proxies; what the invalidation
 * bus costs a write on PostgreSQL (JMH, and {@code InterleavedWriteCost}, which takes turns in short blocks so that
 * the disk's drifting commit latency falls on every contender alike).
 *
 * <p>May use the JDBC module's public API ({@code org.stratacache.jdbc}), core's {@code InvalidationMessage} (the
 * floor contender's payload is the bus's), H2, pgjdbc, datasource-proxy, {@code ForkJvm} and {@code BenchPostgres}.
 */
package org.stratacache.benchmarks.jdbc;
