/**
 * The JDBC read path and invalidation (internal): whether a read may use the cache, the key it is cached
 * under, what a write invalidates and when.
 *
 * <ul>
 *   <li>{@code StrataContext}: what the connections of one configuration share (store, query-result region,
 *       analyser, relation metadata, limits, counters by outcome and reason); {@code ContextRegistry} keeps
 *       one per configuration for the driver.</li>
 *   <li>{@code ReadPath}: one statement's reads, hit or miss-and-store; {@code Cacheability}: the single
 *       verdict "may this read use the cache now?", a {@link org.stratacache.jdbc.UncachedReason} for every
 *       refusal; {@code Admission}/{@code RepeatFilter}: whether a miss stores.</li>
 *   <li>{@code QueryKey}, {@code Parameters} (bound-parameter capture), {@code SessionInfo} (the key's session
 *       part and the taint flag of a physical connection), {@code Relations} (tables, their kinds and foreign
 *       keys from the metadata), {@code Urls} (masking passwords before a URL is logged or keyed).</li>
 *   <li>{@code ConnectionState}: one connection's transaction state; invalidates a write's tables after it
 *       became visible (auto-commit statement, commit, rollback), and holds write-behind rows until commit.</li>
 *   <li>{@code FunctionVolatility}: what the database's catalog declares about the user functions statements
 *       call (immutable, stable, volatile), asked lazily outside the application's transaction and kept per
 *       database; {@code Cacheability.withFunctions} turns it into the statement's verdict at execution.</li>
 * </ul>
 *
 * <p>May use {@code jdbc.sql}, {@code jdbc.result}, {@code jdbc.writebehind} and core's public API; never the
 * proxies.
 */
package org.stratacache.jdbc.cache;
