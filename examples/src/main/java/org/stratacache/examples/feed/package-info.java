/**
 * The social feed example: plain JDBC through {@code StrataDataSource}. Timelines cached with a short TTL
 * by a {@code strata:cache ttl=2s} hint, posts and profiles with the default TTL; a new post invalidates the
 * posts table's tag, so followers' next timeline is fresh.
 *
 * <p>May use the JDBC module's public API ({@code org.stratacache.jdbc}), {@code java.sql} and {@code support}.
 */
package org.stratacache.examples.feed;
