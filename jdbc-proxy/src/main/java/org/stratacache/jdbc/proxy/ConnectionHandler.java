package org.stratacache.jdbc.proxy;

import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.jdbc.cache.ConnectionState;
import org.stratacache.jdbc.cache.StrataContext;
import org.stratacache.jdbc.sql.SqlAnalysis;

/**
 * Dispatch for a {@link Connection} proxy: statement creation (so statements are intercepted), and the
 * transaction boundaries that trigger invalidation ({@code commit}, {@code rollback},
 * {@code setAutoCommit(true)}, {@code close}, {@code abort}), and metadata that leads back to this proxy
 * ({@link MetaDataHandler}). Everything else forwards. The logic lives in
 * {@link ConnectionState}.
 */
final class ConnectionHandler extends DelegatingHandler<Connection> {
    private final ConnectionState state;

    private ConnectionHandler(ConnectionState state) {
        super(state.delegate, Connection.class);
        this.state = state;
    }

    /**
     * Wraps a real connection. {@code knownUrl}/{@code knownUser} (either may be null) spare a metadata call
     * when the caller knows them; the URL must already be free of passwords.
     */
    static Connection wrap(StrataContext context, Connection real, String knownUrl, String knownUser,
                           javax.sql.DataSource writeBehindTarget, BusRegistry.DedicatedConnections dedicated)
            throws SQLException {
        if (!context.enabled()) {
            return real;
        }
        return new ConnectionHandler(new ConnectionState(context, real, knownUrl, knownUser, writeBehindTarget,
                dedicated)).createProxy();
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "createStatement":
            case "prepareStatement":
            case "prepareCall":
                if (!name.equals("createStatement") && args[0] == null) {
                    // Asked before the driver: a driver that accepted it would leave no SQL to analyse or key
                    throw new SQLException("Strata: Connection." + name + " needs the SQL text, got null", "HY009");
                }
                return statement(name, (Statement) forward(method, args), args);
            case "commit":
            case "rollback":
                if (args == null || args.length == 0) {
                    boolean committed = false;
                    try {
                        if (name.equals("commit")) {
                            state.commitPublishing();
                        }
                        Object r = forward(method, args);
                        committed = name.equals("commit");
                        return r;
                    } finally {
                        state.transactionEnded(committed);
                    }
                }
                return forward(method, args);
            case "setAutoCommit": {
                state.beforeAutoCommitChange((Boolean) args[0]);
                Object r = forward(method, args);
                state.autoCommitSet((Boolean) args[0]);
                return r;
            }
            case "setTransactionIsolation": {
                Object r = forward(method, args);
                state.isolationSet((Integer) args[0]);
                return r;
            }
            case "setSchema":
            case "setCatalog":
                try {
                    return forward(method, args);
                } finally {
                    state.sessionChangedThroughApi();
                }
            case "getMetaData":
                return MetaDataHandler.wrap((DatabaseMetaData) forward(method, args), state, (Connection) proxy);
            case "close":
            case "abort":
                try {
                    return forward(method, args);
                } finally {
                    state.closed();
                }
            default:
                Object common = handleCommon(self, method, args);
                return common != NOT_HANDLED ? common : forward(method, args);
        }
    }

    /**
     * The Strata statement over the driver's: {@code createStatement(…)}, {@code prepareStatement(sql, …)} or
     * {@code prepareCall(sql, …)}, whose result-set settings (type, concurrency, holdability) follow the SQL.
     */
    private Statement statement(String creator, Statement real, Object[] args) {
        int settingsAt = creator.equals("createStatement") ? 0 : 1;
        String sql = settingsAt == 0 ? null : (String) args[0];
        int type = ResultSet.TYPE_FORWARD_ONLY;
        int concurrency = ResultSet.CONCUR_READ_ONLY;
        int holdability = -1;
        int n = args == null ? 0 : args.length - settingsAt;
        if (n >= 2) {
            type = (Integer) args[settingsAt];
            concurrency = (Integer) args[settingsAt + 1];
        }
        if (n >= 3) {
            holdability = (Integer) args[settingsAt + 2];
        }
        Connection connection = (Connection) proxy;
        if (sql == null) {
            return new StrataStatement(real, state, connection, false, type, concurrency, holdability);
        }
        SqlAnalysis analysis = state.context().analyze(sql);
        StrataPreparedStatement statement = creator.equals("prepareCall")
                ? new StrataCallableStatement((CallableStatement) real, state, connection, sql, analysis, type,
                        concurrency, holdability)
                : new StrataPreparedStatement((PreparedStatement) real, state, connection, sql, analysis, type,
                        concurrency, holdability);
        if (args.length == 2 && !(args[1] instanceof Integer i && i == Statement.NO_GENERATED_KEYS)) {
            statement.generatedKeysRequested(); // prepareStatement(sql, autoGeneratedKeys | int[] | String[])
        }
        return statement;
    }
}
