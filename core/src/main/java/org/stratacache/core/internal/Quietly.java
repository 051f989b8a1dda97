package org.stratacache.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the invalidation buses' background threads (LISTEN/NOTIFY, the slot reader, the version-table poller) do
 * the same way: close a connection that may be broken, wait on a monitor.
 */
public final class Quietly {
    private Quietly() {
    }

    /** Closes {@code c} (null allowed); a failure to close a broken connection leaves nothing to do. */
    public static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    /** {@code monitor.wait(millis)}, the caller holding it; an interrupt is kept as the thread's status. */
    public static void waitOn(Object monitor, long millis) {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
