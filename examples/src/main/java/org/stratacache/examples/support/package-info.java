/**
 * What every example shares: the command-line options, a latency recorder, the report table (without cache,
 * with Strata, correctness line) and a {@code DataSource} that counts the statements reaching the database.
 *
 * <p>May use {@code java.sql} and {@code javax.sql} only; nothing of Strata.
 */
package org.stratacache.examples.support;
