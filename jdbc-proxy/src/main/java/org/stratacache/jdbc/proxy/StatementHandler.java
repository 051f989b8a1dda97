package org.stratacache.jdbc.proxy;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.stratacache.jdbc.cache.ConnectionState;
import org.stratacache.jdbc.cache.ReadPath;
import org.stratacache.jdbc.cache.StrataContext;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.writebehind.QueuedInserts;

/**
 * Dispatch for {@link Statement}, {@link java.sql.PreparedStatement} and {@link java.sql.CallableStatement}
 * proxies: which call goes where is {@link JdbcMethods}; what happens there is the read path
 * ({@link ReadPath}: cache or database, storing on the way back), the write path
 * ({@link ConnectionState#write}: run, then invalidate what may have been written) or write-behind
 * ({@link QueuedInserts}: queue a write-behind table's insert instead of running it).
 *
 * <p>What stays here is what only the proxy can know: the statement's SQL and analysis, which result set the
 * application was handed last (one served by Strata or a wrapped driver result set), and the JDBC answers
 * after a hit ({@code getResultSet}, {@code getUpdateCount}, {@code getMoreResults}), since the database never
 * ran the statement.
 */
final class StatementHandler<S extends Statement> extends DelegatingHandler<S> {
    private final ConnectionState conn;
    private final StrataContext context;
    private final Connection connectionProxy;
    private final String preparedSql;
    private final SqlAnalysis preparedAnalysis;
    private final ReadPath reads;
    private final QueuedInserts inserts;
    /** Analyses of the entries added to the real statement's batch (queued inserts are not among them). */
    private final List<SqlAnalysis> batch = new ArrayList<>();
    /** The bound values of a prepared statement, for a queueable insert; null for a plain statement. */
    private final Supplier<Object[]> boundValues;
    /** The result served by Strata for the last execution (a hit, or a materialised miss); null otherwise. */
    private ResultSet strataResult;
    private boolean lastFromStrata;
    /** The last driver result set handed to the application, wrapped; see {@link #handedOut}. */
    private LiveResultSet liveResult;
    /**
     * The read being run, for {@link #runLive} (one object per statement rather than a closure per read: JDBC
     * statements are used by one thread at a time, and a hit then allocates nothing here).
     */
    private Method liveMethod;
    private Object[] liveArgs;
    private boolean liveViaExecute;
    private final ReadPath.LiveQuery liveQuery = this::runLive;

    StatementHandler(Class<S> kind, S delegate, ConnectionState conn, Connection connectionProxy, String sql,
                     SqlAnalysis analysis, int resultSetType, int concurrency, int holdability) {
        super(delegate, kind);
        this.conn = conn;
        this.context = conn.context();
        this.connectionProxy = connectionProxy;
        this.preparedSql = sql;
        this.preparedAnalysis = analysis;
        this.reads = new ReadPath(conn, sql != null, resultSetType, concurrency, holdability);
        this.inserts = new QueuedInserts(conn, context.writeBehind());
        this.boundValues = sql == null ? null : reads::plainParameterValues;
    }

    void generatedKeysRequested() {
        inserts.generatedKeysRequested();
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        int n = args == null ? 0 : args.length;
        switch (JdbcMethods.of(method.getName())) {
            case EXECUTE_QUERY:
                return n == 0 ? query(preparedSql, preparedAnalysis, method, args, false)
                        : query((String) args[0], context.analyze((String) args[0]), method, args, false);
            case EXECUTE: {
                String sql = n == 0 ? preparedSql : (String) args[0];
                SqlAnalysis analysis = n == 0 ? preparedAnalysis : context.analyze(sql);
                if (n <= 1 && analysis != null && analysis.isRead()) {
                    return query(sql, analysis, method, args, true) != null;
                }
                return write(method, args, sql, analysis == null ? StrataContext.UNANALYSABLE : analysis);
            }
            case EXECUTE_UPDATE:
                return n == 0 ? write(method, args, preparedSql, preparedAnalysis)
                        : write(method, args, (String) args[0], context.analyze((String) args[0]));
            case ADD_BATCH: {
                SqlAnalysis analysis = n == 0 ? preparedAnalysis : context.analyze((String) args[0]);
                if (inserts.addToBatch(n == 0 ? preparedSql : (String) args[0], analysis,
                        n == 0 ? boundValues : null)) {
                    return null;
                }
                Object added = forward(method, args);
                batch.add(analysis);
                return added;
            }
            case CLEAR_BATCH:
                batch.clear();
                inserts.clearBatch();
                return forward(method, args);
            case EXECUTE_BATCH:
                return executeBatch(method, args);
            case GET_RESULT_SET:
                return lastFromStrata ? strataResult
                        : inserts.hasUpdateCount() ? null : handedOut((ResultSet) forward(method, args));
            case GET_UPDATE_COUNT:
                if (inserts.hasUpdateCount()) {
                    return (int) inserts.takeUpdateCount();
                }
                return lastFromStrata ? -1 : forward(method, args);
            case GET_LARGE_UPDATE_COUNT:
                if (inserts.hasUpdateCount()) {
                    return inserts.takeUpdateCount();
                }
                return lastFromStrata ? -1L : forward(method, args);
            case GET_MORE_RESULTS:
                return moreResults(method, args);
            case SET_MAX_ROWS: {
                Object r = forward(method, args);
                reads.maxRows(((Number) args[0]).longValue());
                return r;
            }
            case SET_MAX_FIELD_SIZE: {
                Object r = forward(method, args);
                reads.maxFieldSize((Integer) args[0]);
                return r;
            }
            case SET_ESCAPE_PROCESSING: {
                Object r = forward(method, args);
                reads.escapeProcessing((Boolean) args[0]);
                return r;
            }
            case SET_FETCH_DIRECTION: {
                Object r = forward(method, args);
                reads.fetchDirection((Integer) args[0]);
                return r;
            }
            case CLEAR_PARAMETERS:
                reads.parametersCleared();
                return forward(method, args);
            case GET_CONNECTION:
                return connectionProxy;
            case CLOSE:
                try {
                    return forward(method, args);
                } finally {
                    closeStrataResult();
                }
            default:
                return other(self, method, args, n);
        }
    }

    /** A parameter setter (recorded for the key), a common method, or plain forwarding. */
    private Object other(Object self, Method method, Object[] args, int n) throws Throwable {
        String name = method.getName();
        if (preparedSql != null && n >= 2 && name.startsWith("set") && args[0] instanceof Integer) {
            Object r = forward(method, args);
            reads.parameterSet(name, args);
            return r;
        }
        Object common = handleCommon(self, method, args);
        if (common != NOT_HANDLED) {
            return common;
        }
        Object r = forward(method, args);
        // getGeneratedKeys; a CallableStatement's getObject of a cursor parameter, getArray
        return r instanceof ResultSet rs ? handedOut(rs) : LiveResultSet.leadingBack(r, (Statement) proxy);
    }

    /** A read: the answer from {@link ReadPath}, handed out as the application gets it. */
    private ResultSet query(String sql, SqlAnalysis analysis, Method method, Object[] args, boolean viaExecute)
            throws Throwable {
        closeStrataResult();
        if (analysis == null) {
            throw new SQLException("no SQL given for this statement", "07003");
        }
        inserts.forgetUpdateCount();
        liveMethod = method;
        liveArgs = args;
        liveViaExecute = viaExecute;
        ResultSet rs;
        try {
            rs = reads.query(sql, analysis, (Statement) proxy, liveQuery);
        } finally {
            liveMethod = null;
            liveArgs = null;
        }
        return reads.servedByStrata(rs) ? served(rs) : handedOut(rs);
    }

    /** A single write: queued when it is a write-behind insert, else run and invalidated. */
    private Object write(Method method, Object[] args, String sql, SqlAnalysis analysis) throws Throwable {
        closeStrataResult();
        Object queued = inserts.queueInsteadOfRunning(method.getName(), args, sql, analysis, boundValues);
        if (queued != null) {
            return queued;
        }
        return conn.write(List.of(analysis == null ? StrataContext.UNANALYSABLE : analysis),
                () -> forward(method, args));
    }

    private Object executeBatch(Method method, Object[] args) throws Throwable {
        closeStrataResult();
        inserts.forgetUpdateCount();
        List<SqlAnalysis> ran = new ArrayList<>(batch);
        batch.clear();
        if (!inserts.batchHasQueued()) {
            inserts.clearBatch();
            return conn.write(ran, () -> forward(method, args));
        }
        return inserts.executeBatch(method.getName(), () -> conn.write(ran, () -> forward(method, args)));
    }

    private Object moreResults(Method method, Object[] args) throws Throwable {
        if (inserts.hasUpdateCount()) {
            inserts.forgetUpdateCount();
            return false;
        }
        if (lastFromStrata) {
            if (args == null || args.length == 0 || (Integer) args[0] == Statement.CLOSE_CURRENT_RESULT) {
                strataResult.close();
            }
            lastFromStrata = false;
            strataResult = null;
            return false;
        }
        return forward(method, args);
    }

    /** Runs the read of {@link #query} on the driver. */
    private ResultSet runLive() throws Throwable {
        lastFromStrata = false;
        if (liveViaExecute) {
            boolean hasResult = (Boolean) forward(liveMethod, liveArgs);
            return hasResult ? delegate.getResultSet() : null;
        }
        return (ResultSet) forward(liveMethod, liveArgs);
    }

    /**
     * A driver result set as the application gets it: its {@code getStatement} answers this proxy (see
     * {@link LiveResultSet}). One wrapper per driver result set, so {@code getResultSet} after
     * {@code executeQuery} returns the same object.
     */
    private ResultSet handedOut(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        LiveResultSet last = liveResult;
        if (last != null && last.wraps(rs)) {
            return last;
        }
        ResultSet wrapped = LiveResultSet.wrap(rs, (Statement) proxy);
        liveResult = wrapped instanceof LiveResultSet l ? l : null;
        return wrapped;
    }

    private ResultSet served(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        strataResult = rs;
        lastFromStrata = true;
        return rs;
    }

    private void closeStrataResult() throws SQLException {
        if (strataResult != null) {
            ResultSet rs = strataResult;
            strataResult = null;
            lastFromStrata = false;
            rs.close();
        }
    }
}
