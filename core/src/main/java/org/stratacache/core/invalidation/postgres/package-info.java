/**
 * The PostgreSQL transports of the invalidation bus (internal to Strata, public for the JDBC and Hibernate
 * modules): {@code PgNotifyBus}, LISTEN/NOTIFY on dedicated connections, with notifications sent inside the
 * writing transaction where there is one. Uses pgjdbc's API ({@code PGConnection.getNotifications}), an
 * optional dependency of core: it is on the class path of every application that talks to PostgreSQL.
 */
package org.stratacache.core.invalidation.postgres;
