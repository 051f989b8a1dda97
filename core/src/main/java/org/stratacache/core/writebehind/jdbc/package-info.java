/**
 * The shipped {@code BatchWriter} (API): {@link org.stratacache.core.writebehind.jdbc.JdbcTableWriter} writes
 * {@link org.stratacache.core.writebehind.jdbc.TableRow}s into one table with plain {@code java.sql}, as
 * upserts by key, as inserts keyed by a client-generated id, or as plain inserts, in the
 * {@link org.stratacache.core.writebehind.jdbc.SqlDialect} read from the database's metadata (H2, PostgreSQL,
 * MySQL, else SQL {@code MERGE}). The JDBC module's write-behind tables queue {@code TableRow}s for it.
 *
 * <p>May use {@code writebehind}, {@code java.sql} and {@code javax.sql}; it intercepts nothing.
 */
package org.stratacache.core.writebehind.jdbc;
