/**
 * Materialised query results ({@link org.stratacache.jdbc.result.CachedResult}, immutable and shared, over
 * {@link org.stratacache.jdbc.result.ResultColumns}: the columns with the metadata and labels that one statement's
 * results of one SQL text and shape share, so a hit reads them where the previous hit left them) and
 * the disconnected, read-only, scrollable {@link org.stratacache.jdbc.result.DisconnectedResultSet} that
 * serves them, with the captured {@link java.sql.ResultSetMetaData}.
 * {@link org.stratacache.jdbc.result.Materializer} reads a live result up to the row and byte limits and
 * tells the caller whether it may be cached, must stream on, or must go to the application untouched.
 *
 * <p><b>Hand-written JDBC boilerplate, proven by tests rather than generated.</b> {@code ReadOnlyResultSetSupport}
 * holds the mechanical half of the read-only result set (the getters by label, the refusing {@code update…}
 * methods). It stays source: {@code ReadOnlyResultSetSupportTest} checks by reflection over every method of
 * {@link java.sql.ResultSet} that it or {@code DisconnectedResultSet} implements each one (the JDBC defaults left
 * inherited are listed there, with the reason), that every mutator refuses with
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000), and that every getter by label answers as
 * the getter by index of the column it names. Generating it would add a build step for an interface that has not
 * changed since JDBC 4.3 (Java 9); a method a future JDBC adds fails the test instead. The same holds for the
 * driver-result-set wrapper in the proxy package ({@code LiveResultSet}, see its class comment).
 *
 * <p>{@code getObject(column, Class)} converts by one table from target type to conversion
 * ({@code DisconnectedResultSet.CONVERTERS}), not by a chain of tests.
 */
package org.stratacache.jdbc.result;
