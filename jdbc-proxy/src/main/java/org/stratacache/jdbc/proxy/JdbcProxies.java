package org.stratacache.jdbc.proxy;

import java.sql.Connection;
import java.sql.SQLException;

import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.jdbc.cache.StrataContext;

/** The entry point of the public package into the interception: wraps a real connection. */
public final class JdbcProxies {
    private JdbcProxies() {
    }

    /**
     * A caching proxy over {@code real}, or {@code real} itself when caching is disabled. On a Strata
     * failure while wrapping, the real connection is returned (pass-through) and the failure counted.
     *
     * @param knownUrl          the real URL without password, or null to ask the connection's metadata
     * @param knownUser         the database user, or null to ask the connection's metadata
     * @param writeBehindTarget gives the write-behind engine its own connections to the same database
     * @param dedicated         gives the invalidation bus its own connections to the same database
     *
     * <p>The first connection of a context waits until the write-behind journals an earlier run left are written
     * ({@code WriteBehindTables.replayJournals}), even with caching disabled; when they cannot be, {@code real}
     * is closed and the {@link SQLException} thrown.
     */
    public static Connection wrap(StrataContext context, Connection real, String knownUrl, String knownUser,
                                  javax.sql.DataSource writeBehindTarget, BusRegistry.DedicatedConnections dedicated)
            throws SQLException {
        if (writeBehindTarget != null) {
            try {
                context.writeBehind().replayJournals(writeBehindTarget);
            } catch (SQLException | RuntimeException e) {
                try {
                    real.close();
                } catch (SQLException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }
        try {
            return ConnectionHandler.wrap(context, real, knownUrl, knownUser, writeBehindTarget, dedicated);
        } catch (RuntimeException e) {
            context.failure("wrap connection", e);
            return real;
        }
    }
}
