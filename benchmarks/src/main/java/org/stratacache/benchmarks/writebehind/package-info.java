/**
 * Write-behind throughput until committed: Strata's queue with its JDBC table writer (plain insert, upsert,
 * journaled upsert) against row-by-row auto-commit inserts and a hand-written batch of 500 per commit, on an
 * H2 file database and PostgreSQL.
 *
 * <p>May use {@code core.writebehind}, {@code core.writebehind.jdbc}, and {@code core.internal.writebehind}
 * (it builds {@code WriteBehindQueue} directly, outside a region store), H2, pgjdbc and {@code BenchPostgres}.
 */
package org.stratacache.benchmarks.writebehind;
