/**
 * The real-time analytics example: metric events inserted through the {@code jdbc:strata:} driver into a
 * write-behind table ({@code strata.write-behind.tables=metric_event}), dashboard aggregates read through the
 * query cache; it checks that no acknowledged event was lost.
 *
 * <p>May use {@code java.sql} and {@code support}; Strata is reached only through the JDBC URL and its
 * {@code strata.*} connection properties.
 */
package org.stratacache.examples.analytics;
