/**
 * Write-behind tables over JDBC (internal): inserts into the tables named in
 * {@code strata.write-behind.tables} are acknowledged once queued and written in batches by core's
 * write-behind engine.
 *
 * <ul>
 *   <li>{@code QueuedInserts}: per statement, which executions and batch entries are queued instead of run
 *       (and why the others are not: {@link org.stratacache.jdbc.NotQueuedReason}), and the update counts the
 *       application gets for them.</li>
 *   <li>{@code WriteBehindTables}: the queues per table, flushing before a statement that reads or changes a
 *       table, the rows a transaction holds until it commits ({@code Held}), and the replay of the journals an
 *       earlier run left, before the first connection is handed out.</li>
 *   <li>{@code TableColumns}: a table's columns in ordinal order and its primary key, from
 *       {@link java.sql.DatabaseMetaData}.</li>
 *   <li>{@code InsertTarget}: what a statement hands queueable rows to (the connection's state).</li>
 *   <li>{@code ConnectionSource}: plain connections of the engine's own to the same database.</li>
 * </ul>
 *
 * <p>May use {@code jdbc.sql}, the root package's {@code NotQueuedReason} and core's write-behind API; not
 * {@code jdbc.cache} nor the proxies.
 */
package org.stratacache.jdbc.writebehind;
