package org.stratacache.jdbc.proxy;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.stratacache.jdbc.cache.ConnectionState;

/**
 * Dispatch for a {@link DatabaseMetaData} proxy. It exists so the metadata never leads back to the driver's own
 * connection, through which writes would bypass invalidation: {@code getConnection} answers the Strata
 * connection, and a metadata result set's {@code getStatement} a Strata statement around the driver's.
 */
final class MetaDataHandler extends DelegatingHandler<DatabaseMetaData> {
    private final ConnectionState state;
    private final Connection connectionProxy;

    private MetaDataHandler(DatabaseMetaData delegate, ConnectionState state, Connection connectionProxy) {
        super(delegate, DatabaseMetaData.class);
        this.state = state;
        this.connectionProxy = connectionProxy;
    }

    static DatabaseMetaData wrap(DatabaseMetaData real, ConnectionState state, Connection connectionProxy) {
        return real == null ? null : new MetaDataHandler(real, state, connectionProxy).createProxy();
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("getConnection") && (args == null || args.length == 0)) {
            return connectionProxy;
        }
        Object common = handleCommon(self, method, args);
        if (common != NOT_HANDLED) {
            return common;
        }
        Object r = forward(method, args);
        return r instanceof ResultSet rs ? LiveResultSet.wrap(rs, statementOf(rs)) : r;
    }

    /** A Strata statement around the driver's statement behind a metadata result; null when the driver has none. */
    private Statement statementOf(ResultSet rs) throws SQLException {
        Statement real = rs.getStatement();
        if (real == null) {
            return null;
        }
        return StrataStatement.over(real, state, connectionProxy);
    }
}
