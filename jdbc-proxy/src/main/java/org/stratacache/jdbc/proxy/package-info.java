/**
 * Connection and statement interception: dispatch only (internal; the public entry points are in
 * {@code org.stratacache.jdbc}).
 *
 * <h2>Mechanism apart from logic</h2>
 * The statements are classes of their own ({@code StrataStatement}, {@code StrataPreparedStatement},
 * {@code StrataCallableStatement}, one extending the other as the JDBC interfaces do): each JDBC method is a
 * method there, so which call is a read, a write, a batch or a setting of the key is the class's own methods, and
 * every other method is one line that forwards. They are on the hit path, where a
 * {@link java.lang.reflect.Proxy} cost a good part of a hit (an argument array and boxing per call, a lookup of
 * the method's name, a reflective call into the driver). The rarer objects stay dynamic proxies
 * ({@code ConnectionHandler}, {@code MetaDataHandler}, with the {@code Object} and {@link java.sql.Wrapper}
 * methods handled once in {@code DelegatingHandler}). The logic they dispatch to lives elsewhere: the read path,
 * the cacheability verdict and the transaction state in {@code org.stratacache.jdbc.cache}, queued inserts in
 * {@code org.stratacache.jdbc.writebehind}. May use: {@code jdbc.cache}, {@code jdbc.writebehind},
 * {@code jdbc.sql}, {@code jdbc.result}; nothing uses it but the public package.
 *
 * <h2>The path of a query</h2>
 * {@code ConnectionHandler} ({@code prepareStatement}: analyses the SQL once through
 * {@code StrataContext.analyze}, creates the Strata statement) → {@code StrataPreparedStatement.executeQuery} →
 * {@code ReadPath.query} ({@code Cacheability} gives the verdict with a reason, {@code QueryKey} is built, the
 * region answers) → {@code DisconnectedResultSet} served.
 *
 * <h2>No way around the proxies</h2>
 * Every JDBC object handed to the application leads back to Strata's connection, never to the driver's, since
 * a write through the driver's connection would bypass invalidation: statements answer the Strata connection,
 * the driver's result sets reach the application as {@code LiveResultSet} (a plain delegating class whose
 * {@code getStatement} answers the Strata statement; plain because its getters run once per cell), and
 * {@code MetaDataHandler} answers {@code getConnection} and wraps metadata results. Only an explicit
 * {@code unwrap} reaches the driver's objects, as JDBC intends.
 *
 * <h2>Why not datasource-proxy</h2>
 * {@code net.ttddyy:datasource-proxy} was the intended base (its proxy factory, parameter capture and
 * listeners). It is not used, for three reasons found while building this:
 * <ol>
 *   <li>Its listeners observe; they cannot answer a query. The hit path must return a result set without
 *       calling the driver, so the statement proxy's {@code executeQuery} must be our code, which leaves
 *       the library only the connection-level plumbing.</li>
 *   <li>Its parameter capture records values for logging; our key needs the setter, the value, the extra
 *       arguments (SQL type, scale, calendar zone), defensive copies of mutable values, and a verdict on
 *       values that cannot be captured faithfully (streams, LOBs) — {@code Parameters} is about as large as
 *       the adapter we would need around the library's capture.</li>
 *   <li>Cost on the hit path: the library's handlers build an {@code ExecutionInfo} and query-info lists
 *       per execution and time every call; for a result served in about a microsecond that is the dominant
 *       cost (see the {@code JdbcBenchmark} figures: {@code dsProxyDirect} vs {@code direct}).</li>
 * </ol>
 * What we kept from it is its design (STYLE.md): handlers a few lines long that delegate to logic classes,
 * wrapper and Object methods handled once, the delegate's exception rethrown unchanged (the very same
 * object, so class, SQLState, vendor code and chain are the driver's). The hand-written forwarding of the
 * statements and of {@code LiveResultSet} is proven complete by reflection over the JDBC interfaces
 * ({@code StatementForwardingTest}, {@code LiveResultSetForwardingTest}).
 *
 * <h2>Failure policy</h2>
 * Database errors propagate unchanged. Strata's own failures (a tier error, an analyser bug, a closed store)
 * are counted and logged once per kind by {@code StrataContext.failure} and the call passes through to the
 * database uncached; a failure while invalidating falls back to invalidating everything.
 */
package org.stratacache.jdbc.proxy;
