package org.stratacache.jdbc.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What a cached result depends on in a physical connection's session: the URL (without password), the
 * user, the catalog and the schema, plus a taint flag.
 *
 * <p>One instance per <em>physical</em> connection, found through {@code unwrap(Connection.class)}, so a
 * pool behind {@link org.stratacache.jdbc.StrataDataSource} that hands the same physical connection to
 * successive borrowers keeps one state for it: an {@code SET ROLE} or {@code SET search_path} run by one
 * borrower taints the connection for every later borrower too. A tainted connection never uses the cache
 * again (its session may differ from what its URL and user say). Values changed through the JDBC API
 * ({@code setSchema}, {@code setCatalog}) are tracked; when the proxy that changed them closes they are
 * forgotten and re-read by the next borrower, since a pool may reset them behind our back.
 */
final class SessionInfo {
    private static final Map<Connection, SessionInfo> BY_PHYSICAL = Collections.synchronizedMap(new WeakHashMap<>());

    private volatile boolean tainted;
    private volatile String key;

    static SessionInfo of(Connection connection) {
        Connection physical = physical(connection);
        return BY_PHYSICAL.computeIfAbsent(physical, c -> new SessionInfo());
    }

    private static Connection physical(Connection connection) {
        try {
            Connection inner = connection.unwrap(Connection.class);
            return inner != null ? inner : connection;
        } catch (SQLException | RuntimeException e) {
            return connection;
        }
    }

    boolean tainted() {
        return tainted;
    }

    void taint() {
        tainted = true;
        key = null;
    }

    /** The session part of cache keys, read once from the connection (getSchema may cost a round trip). */
    String key(Connection delegate, String knownUrl, String knownUser) throws SQLException {
        String k = key;
        if (k == null) {
            String url = knownUrl != null ? knownUrl : Urls.withoutPassword(delegate.getMetaData().getURL());
            String user = knownUser != null ? knownUser : delegate.getMetaData().getUserName();
            // Interned: every connection of one session then holds the same instance, and comparing cache keys of
            // different connections stops at identity instead of comparing the whole URL (a hit compares keys)
            k = (url + '\u0000' + user + '\u0000' + delegate.getCatalog() + '\u0000' + delegate.getSchema()).intern();
            key = k;
        }
        return k;
    }

    /** Forgets the captured values: the next use reads them again. */
    void forget() {
        key = null;
    }
}
