/**
 * Invalidation between the instances (JVMs) that share a database (API and SPI): {@code InvalidationBus}
 * carries the tags one instance invalidated to the others, which bump the same tags in their own store; a bus
 * that may have missed messages is not trusted, and its users then serve nothing from the cache ("doubt means
 * stale"). {@code InvalidationMessage} is the wire form, {@code InvalidationStats} the counters,
 * {@code BusRegistry} picks and creates the bus per database from {@code strata.invalidation.*}, and
 * {@code Dedicated} finds connections of Strata's own for it (never the application's pool). A bus that sees
 * writes in the database itself (mode {@code logical}) asks its receiver which tags stand for a changed table
 * ({@code Receiver.tagsOfTables}).
 *
 * <p>May use core's root API, {@code core.config}, {@code core.tier} (a tier's {@code ClusterLease}, to elect one
 * slot reader per cluster on the distributed tier) and {@code java.sql}; the PostgreSQL transports live in
 * {@code .postgres}, the version-table transport for any database (mode {@code poll}) in {@code .poll}. Knows
 * nothing of JDBC interception or Hibernate: the layers above give it a receiver.
 */
package org.stratacache.core.invalidation;
