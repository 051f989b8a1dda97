/**
 * The version-table transport of the invalidation bus (mode {@code poll}; internal to Strata, public for
 * {@code BusRegistry}): {@code PollingBus} bumps a row per (channel, table tag) inside the writing transaction and
 * polls its channel's rows on a dedicated connection; {@code VersionTable} holds its SQL, plain enough for H2,
 * PostgreSQL and MySQL. For databases without LISTEN/NOTIFY.
 *
 * <p>May use {@code core.invalidation}, {@code core.internal} ({@code Quietly}, the delay histogram) and
 * {@code java.sql}; no driver's own API.
 */
package org.stratacache.core.invalidation.poll;
