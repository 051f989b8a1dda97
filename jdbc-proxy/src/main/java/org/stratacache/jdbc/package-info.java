/**
 * Strata's caching JDBC layer, public API: {@link org.stratacache.jdbc.StrataDriver} (URL prefix
 * {@code jdbc:strata:}) and {@link org.stratacache.jdbc.StrataDataSource} (wraps any DataSource).
 *
 * <p>What is cached: the result of a SELECT the analyser judges deterministic and lock-free, run outside a
 * transaction stronger than READ COMMITTED, reading only plain tables the current transaction has not
 * written, on a connection whose session state was not changed by SQL, with parameters that can be
 * captured exactly, and small enough for {@code strata.jdbc.max-cached-rows}/{@code -bytes}. Writes
 * invalidate by table (after the auto-commit statement, at commit, at rollback); what cannot be analysed
 * invalidates everything. Every read that ran uncached is counted with its
 * {@link org.stratacache.jdbc.UncachedReason} in {@link org.stratacache.jdbc.JdbcStats}, and every statement on
 * a write-behind table that ran on the database instead of being queued with its
 * {@link org.stratacache.jdbc.NotQueuedReason}.
 *
 * <p>The sub-packages are internal: {@code proxy} (dispatch), {@code cache} (read path, cacheability verdict,
 * keys, admission, invalidation), {@code writebehind} (queued inserts), {@code sql} (analysis), {@code result}
 * (materialised results and the disconnected ResultSet). Dependencies point one way:
 * proxy → cache → writebehind → sql, result → core.
 */
package org.stratacache.jdbc;
