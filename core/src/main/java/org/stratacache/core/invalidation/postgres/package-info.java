/**
 * The PostgreSQL transports of the invalidation bus (internal to Strata, public for the JDBC and Hibernate
 * modules): {@code PgNotifyBus}, LISTEN/NOTIFY on dedicated connections, with notifications sent inside the
 * writing transaction where there is one; {@code PgLogicalBus}, the same plus a {@code SlotReader} on a logical
 * replication slot ({@code pgoutput}, read by {@code PgOutput}) that sees every committed write, checked first by
 * {@code LogicalSetup}, with {@code AppliedCommits} so that a commit that arrives by both routes is applied once;
 * {@code ClusterLogicalBus}, mode logical on the distributed tier: one {@code SlotReader} per cluster, on the
 * member that holds the tier's {@code ClusterLease}, the others trusting while its note says it reads.
 * Uses pgjdbc's API ({@code PGConnection.getNotifications}, {@code getReplicationAPI}), an optional dependency of
 * core: it is on the class path of every application that talks to PostgreSQL.
 */
package org.stratacache.core.invalidation.postgres;
