package org.stratacache.jdbc.proxy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
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
 * A {@link Statement} as the application gets it from a Strata connection: reads go to the read path
 * ({@link ReadPath}: cache or database, storing on the way back), writes to the write path
 * ({@link ConnectionState#write}: run, then invalidate what may have been written) or to write-behind
 * ({@link QueuedInserts}: a write-behind table's insert queued instead of run); every other call goes to the
 * driver's statement as it is. {@link StrataPreparedStatement} and {@link StrataCallableStatement} extend it.
 *
 * <p>What stays here is what only the statement can know: which result set the application was handed last (one
 * served by Strata or a wrapped driver result set), and the JDBC answers after a hit ({@code getResultSet},
 * {@code getUpdateCount}, {@code getMoreResults}), since the database never ran the statement.
 *
 * <p><b>A class, not a dynamic proxy.</b> The hit path is a few hundred nanoseconds; a
 * {@link java.lang.reflect.Proxy} spent a good part of it on each call's argument array, boxing, the lookup of
 * what the method is, and a reflective call into the driver. The forwarding is written out and proven complete
 * by {@code StatementForwardingTest}, as {@link LiveResultSet}'s is.
 */
class StrataStatement implements Statement {
    final Statement delegate;
    final ConnectionState conn;
    final StrataContext context;
    final ReadPath reads;
    final QueuedInserts inserts;
    private final Connection connection;
    /** Analyses of the entries added to the real statement's batch (queued inserts are not among them). */
    private final List<SqlAnalysis> batch = new ArrayList<>();
    /** The result served by Strata for the last execution (a hit, or a materialised miss); null otherwise. */
    private ResultSet strataResult;
    private boolean lastFromStrata;
    /** The last driver result set handed to the application, wrapped; see {@link #handedOut}. */
    private LiveResultSet liveResult;
    /**
     * The read being run, for {@link #runLive}: its SQL (null: the prepared statement's own) and whether it came
     * through {@code execute}. Fields of the statement rather than a closure per read: JDBC statements are used
     * by one thread at a time, and a hit then allocates nothing here.
     */
    private String liveSql;
    private boolean liveViaExecute;
    private final ReadPath.LiveQuery liveQuery = this::runLive;

    /**
     * @param connection the Strata connection, which {@code getConnection} answers
     * @param prepared   whether the statement has its SQL up front (its bound parameters go into the key)
     */
    StrataStatement(Statement delegate, ConnectionState conn, Connection connection, boolean prepared,
                    int resultSetType, int concurrency, int holdability) {
        this.delegate = delegate;
        this.conn = conn;
        this.context = conn.context();
        this.connection = connection;
        this.reads = new ReadPath(conn, prepared, resultSetType, concurrency, holdability);
        this.inserts = new QueuedInserts(conn, context.writeBehind());
    }

    /** A plain statement over the driver's, with the default result-set settings. */
    static Statement over(Statement real, ConnectionState conn, Connection connection) {
        return new StrataStatement(real, conn, connection, false, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1);
    }

    void generatedKeysRequested() {
        inserts.generatedKeysRequested();
    }

    // ---- reads

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return query(sql, context.analyze(sql), sql, false);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        SqlAnalysis analysis = context.analyze(sql);
        if (analysis != null && analysis.isRead()) {
            return query(sql, analysis, sql, true) != null;
        }
        return executeWrite(sql, analysis, false, null, () -> delegate.execute(sql));
    }

    /**
     * A read: the answer from {@link ReadPath}, handed out as the application gets it.
     *
     * @param liveSql the SQL to give the driver on a miss; null for a prepared statement's own
     */
    final ResultSet query(String sql, SqlAnalysis analysis, String liveSql, boolean viaExecute) throws SQLException {
        closeStrataResult();
        if (analysis == null) {
            throw new SQLException("no SQL given for this statement", "07003");
        }
        inserts.forgetUpdateCount();
        this.liveSql = liveSql;
        this.liveViaExecute = viaExecute;
        ResultSet rs = reads.query(sql, analysis, this, liveQuery);
        return reads.servedByStrata(rs) ? served(rs) : handedOut(rs);
    }

    /** Runs the read of {@link #query} on the driver. */
    private ResultSet runLive() throws SQLException {
        lastFromStrata = false;
        String sql = liveSql;
        if (liveViaExecute) {
            boolean hasResult = sql == null ? ((PreparedStatement) delegate).execute() : delegate.execute(sql);
            return hasResult ? delegate.getResultSet() : null;
        }
        return sql == null ? ((PreparedStatement) delegate).executeQuery() : delegate.executeQuery(sql);
    }

    // ---- writes

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return executeWrite(sql, context.analyze(sql), autoGeneratedKeys != NO_GENERATED_KEYS, null,
                () -> delegate.execute(sql, autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return executeWrite(sql, context.analyze(sql), true, null, () -> delegate.execute(sql, columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return executeWrite(sql, context.analyze(sql), true, null, () -> delegate.execute(sql, columnNames));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) update(sql, context.analyze(sql), false, null, () -> delegate.executeUpdate(sql));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) update(sql, context.analyze(sql), autoGeneratedKeys != NO_GENERATED_KEYS, null,
                () -> delegate.executeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (int) update(sql, context.analyze(sql), true, null, () -> delegate.executeUpdate(sql, columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) update(sql, context.analyze(sql), true, null, () -> delegate.executeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return update(sql, context.analyze(sql), false, null, () -> delegate.executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return update(sql, context.analyze(sql), autoGeneratedKeys != NO_GENERATED_KEYS, null,
                () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return update(sql, context.analyze(sql), true, null, () -> delegate.executeLargeUpdate(sql, columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return update(sql, context.analyze(sql), true, null, () -> delegate.executeLargeUpdate(sql, columnNames));
    }

    /**
     * {@code execute} of a write: queued when it is a write-behind insert (no result set; the count comes from
     * {@code getUpdateCount}), else run and invalidated.
     *
     * @param boundValues the prepared statement's bound values; null for SQL given with the call
     */
    final boolean executeWrite(String sql, SqlAnalysis analysis, boolean keysRequested,
                               Supplier<Object[]> boundValues, ConnectionState.Execution<Boolean> run)
            throws SQLException {
        closeStrataResult();
        if (inserts.queueInsteadOfRunning(sql, analysis, boundValues, keysRequested, true) >= 0) {
            return false;
        }
        return conn.write(List.of(orUnanalysable(analysis)), run);
    }

    /** {@code executeUpdate}/{@code executeLargeUpdate}: the rows queued for a write-behind insert, else run. */
    final long update(String sql, SqlAnalysis analysis, boolean keysRequested, Supplier<Object[]> boundValues,
                      ConnectionState.Execution<? extends Number> run) throws SQLException {
        closeStrataResult();
        long queued = inserts.queueInsteadOfRunning(sql, analysis, boundValues, keysRequested, false);
        if (queued >= 0) {
            return queued;
        }
        return conn.write(List.of(orUnanalysable(analysis)), run).longValue();
    }

    private static SqlAnalysis orUnanalysable(SqlAnalysis analysis) {
        return analysis == null ? StrataContext.UNANALYSABLE : analysis;
    }

    // ---- batches

    @Override
    public void addBatch(String sql) throws SQLException {
        SqlAnalysis analysis = context.analyze(sql);
        if (!inserts.addToBatch(sql, analysis, null)) {
            delegate.addBatch(sql);
            batch.add(analysis);
        }
    }

    /** An entry of the real statement's batch, added there (the prepared statement's {@code addBatch()}). */
    final void addedToBatch(SqlAnalysis analysis) {
        batch.add(analysis);
    }

    @Override
    public void clearBatch() throws SQLException {
        batch.clear();
        inserts.clearBatch();
        delegate.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        List<SqlAnalysis> ran = batchToRun();
        if (!inserts.batchHasQueued()) {
            inserts.clearBatch();
            return conn.write(ran, delegate::executeBatch);
        }
        long[] counts = inserts.executeBatch(() -> longs(conn.write(ran, delegate::executeBatch)));
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) counts[i];
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<SqlAnalysis> ran = batchToRun();
        if (!inserts.batchHasQueued()) {
            inserts.clearBatch();
            return conn.write(ran, delegate::executeLargeBatch);
        }
        return inserts.executeBatch(() -> conn.write(ran, delegate::executeLargeBatch));
    }

    private List<SqlAnalysis> batchToRun() throws SQLException {
        closeStrataResult();
        inserts.forgetUpdateCount();
        List<SqlAnalysis> ran = new ArrayList<>(batch);
        batch.clear();
        return ran;
    }

    private static long[] longs(int[] counts) {
        if (counts == null) {
            return null;
        }
        long[] out = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    // ---- results: after a hit or a queued insert the answers are Strata's

    @Override
    public ResultSet getResultSet() throws SQLException {
        if (lastFromStrata) {
            return strataResult;
        }
        return inserts.hasUpdateCount() ? null : handedOut(delegate.getResultSet());
    }

    @Override
    public int getUpdateCount() throws SQLException {
        if (inserts.hasUpdateCount()) {
            return (int) inserts.takeUpdateCount();
        }
        return lastFromStrata ? -1 : delegate.getUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        if (inserts.hasUpdateCount()) {
            return inserts.takeUpdateCount();
        }
        return lastFromStrata ? -1L : delegate.getLargeUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return moreResults(CLOSE_CURRENT_RESULT) ? delegate.getMoreResults() : false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return moreResults(current) ? delegate.getMoreResults(current) : false;
    }

    /** Whether the driver answers {@code getMoreResults}: false after a queued insert or a result Strata served. */
    private boolean moreResults(int current) throws SQLException {
        if (inserts.hasUpdateCount()) {
            inserts.forgetUpdateCount();
            return false;
        }
        if (lastFromStrata) {
            if (current == CLOSE_CURRENT_RESULT) {
                strataResult.close();
            }
            lastFromStrata = false;
            strataResult = null;
            return false;
        }
        return true;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return handedOut(delegate.getGeneratedKeys());
    }

    /**
     * A driver result set as the application gets it: its {@code getStatement} answers this statement (see
     * {@link LiveResultSet}). One wrapper per driver result set, so {@code getResultSet} after
     * {@code executeQuery} returns the same object.
     */
    final ResultSet handedOut(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        LiveResultSet last = liveResult;
        if (last != null && last.wraps(rs)) {
            return last;
        }
        ResultSet wrapped = LiveResultSet.wrap(rs, this);
        liveResult = wrapped instanceof LiveResultSet l ? l : null;
        return wrapped;
    }

    private ResultSet served(ResultSet rs) {
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

    // ---- settings that change what a query returns: part of the key, or a reason to bypass the cache

    @Override
    public void setMaxRows(int max) throws SQLException {
        delegate.setMaxRows(max);
        reads.maxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        delegate.setLargeMaxRows(max);
        reads.maxRows(max);
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        delegate.setMaxFieldSize(max);
        reads.maxFieldSize(max);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        delegate.setEscapeProcessing(enable);
        reads.escapeProcessing(enable);
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        delegate.setFetchDirection(direction);
        reads.fetchDirection(direction);
    }

    // ---- leading back to Strata, and the Object and Wrapper methods

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } finally {
            closeStrataResult();
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        // Never the delegate's toString: some drivers print their SQL with its parameters, or their URL.
        return getClass().getSimpleName() + "[" + delegate.getClass().getName() + "]";
    }

    // ---- the rest: the driver's, as it is

    @Override
    public void cancel() throws SQLException {
        delegate.cancel();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        delegate.closeOnCompletion();
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        return delegate.enquoteIdentifier(identifier, alwaysQuote);
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        return delegate.enquoteLiteral(val);
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        return delegate.enquoteNCharLiteral(val);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return delegate.getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return delegate.getFetchSize();
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return delegate.getLargeMaxRows();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return delegate.getMaxFieldSize();
    }

    @Override
    public int getMaxRows() throws SQLException {
        return delegate.getMaxRows();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return delegate.getQueryTimeout();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return delegate.getResultSetConcurrency();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return delegate.getResultSetHoldability();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return delegate.getResultSetType();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return delegate.isCloseOnCompletion();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return delegate.isPoolable();
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        return delegate.isSimpleIdentifier(identifier);
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        delegate.setCursorName(name);
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        delegate.setFetchSize(rows);
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        delegate.setPoolable(poolable);
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        delegate.setQueryTimeout(seconds);
    }
}
