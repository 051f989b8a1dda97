/**
 * Materialised query results ({@link org.stratacache.jdbc.result.CachedResult}, immutable and shared) and
 * the disconnected, read-only, scrollable {@link org.stratacache.jdbc.result.DisconnectedResultSet} that
 * serves them, with the captured {@link java.sql.ResultSetMetaData}.
 * {@link org.stratacache.jdbc.result.Materializer} reads a live result up to the row and byte limits and
 * tells the caller whether it may be cached, must stream on, or must go to the application untouched.
 */
package org.stratacache.jdbc.result;
