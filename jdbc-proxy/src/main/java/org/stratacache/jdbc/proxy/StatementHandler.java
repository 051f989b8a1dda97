package org.stratacache.jdbc.proxy;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.jdbc.result.CachedResult;
import org.stratacache.jdbc.result.DisconnectedResultSet;
import org.stratacache.jdbc.result.Materializer;
import org.stratacache.jdbc.sql.InsertTemplate;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.TableNames;

/**
 * Dispatch and logic for {@link Statement}, {@link java.sql.PreparedStatement} and
 * {@link java.sql.CallableStatement} proxies.
 *
 * <p><b>Which calls do what</b> (the one place that decides):
 * <ul>
 *   <li>{@code executeQuery()}, {@code executeQuery(sql)}, {@code execute()}, {@code execute(sql)}: the
 *       read path when the analysis says "cacheable SELECT" ({@link #query}); otherwise pass-through.</li>
 *   <li>{@code executeUpdate}, {@code executeLargeUpdate}, {@code execute} with generated-key arguments,
 *       {@code executeBatch}, {@code executeLargeBatch}: pass-through, then invalidation of what the
 *       statement(s) may have written ({@link ConnectionState#afterExecution}), in a {@code finally} so a
 *       failed write still invalidates.</li>
 *   <li>{@code set…(index, …)} on prepared statements: recorded for the key, and forwarded.</li>
 *   <li>{@code getResultSet}, {@code getUpdateCount}, {@code getMoreResults}: answered locally after a cache
 *       hit (the database never ran the statement), forwarded otherwise.</li>
 * </ul>
 *
 * <p><b>Write-behind hook.</b> {@link #write} is the single funnel of every execution that is not a query
 * ({@code execute} of a non-SELECT, {@code executeUpdate}, {@code executeLargeUpdate}, batches) and holds the
 * statement's {@link SqlAnalysis}; {@link SqlAnalysis#insertValuesTable()} names the table of a
 * single-table {@code INSERT … VALUES}. A write-behind integration intercepts there: queue instead of
 * forwarding when the table is configured for write-behind and no generated keys were requested.
 */
final class StatementHandler<S extends Statement> extends DelegatingHandler<S> {
    private static final SqlAnalysis UNANALYSABLE = new SqlAnalysis(SqlAnalysis.Kind.UNKNOWN, Set.of(), Set.of(),
            true, false, "analysis failed", SqlAnalysis.Hint.NONE, null);
    private static final Object[] NO_PARAMETERS = new Object[0];

    private final ConnectionState conn;
    private final StrataContext context;
    private final Connection connectionProxy;
    private final String preparedSql;
    private final SqlAnalysis preparedAnalysis;
    private final Parameters parameters;
    private final int resultSetType;
    private final int concurrency;
    private final int holdability;
    private long maxRows;
    /**
     * Non-zero: the driver cuts character and binary values to this many bytes or characters, so a result read
     * with it must neither be stored nor answered from a result read without it; such reads bypass the cache.
     */
    private int maxFieldSize;
    /** False: the driver passes {@code {fn …}} and other escapes as they are; such reads bypass the cache too. */
    private boolean escapeProcessing = true;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private final List<SqlAnalysis> batch = new ArrayList<>();
    /**
     * The batch in addBatch order: a {@link QueuedRows} for an insert queued for write-behind, or
     * {@code FORWARDED} for an entry added to the real statement's batch.
     */
    private final List<Object> batchOrder = new ArrayList<>();
    private static final Object FORWARDED = new Object();
    /** The statement was prepared asking for generated keys: its inserts cannot be queued. */
    private boolean generatedKeys;
    /** Update count of the last execution that was queued instead of run; -1 when none. */
    private long queuedUpdateCount = -1;

    /** Rows of one write-behind insert captured for a batch. */
    private record QueuedRows(String table, InsertTemplate template, List<List<Object>> rows) {
    }
    /** The result served by Strata for the last execution (a hit, or a materialised miss); null otherwise. */
    private ResultSet strataResult;
    private boolean lastFromStrata;
    /** The last driver result set handed to the application, wrapped; see {@link #handedOut}. */
    private LiveResultSet liveResult;
    /** Column metadata of the last result materialised by this statement, shared with the next equal one. */
    private List<org.stratacache.jdbc.result.ColumnInfo> lastColumns;
    /** Tags of the prepared query for the session key they were computed for. */
    private String tagsSession;
    private Set<String> tags;

    StatementHandler(Class<S> kind, S delegate, ConnectionState conn, Connection connectionProxy, String sql,
                     SqlAnalysis analysis, int resultSetType, int concurrency, int holdability) {
        super(delegate, kind);
        this.conn = conn;
        this.context = conn.context;
        this.connectionProxy = connectionProxy;
        this.preparedSql = sql;
        this.preparedAnalysis = analysis;
        this.parameters = sql == null ? null : new Parameters();
        this.resultSetType = resultSetType;
        this.concurrency = concurrency;
        this.holdability = holdability;
    }

    void generatedKeysRequested() {
        generatedKeys = true;
    }

    /** The analysis of {@code sql}; an analyser failure degrades to "unknown statement" (invalidate all). */
    static SqlAnalysis analyze(StrataContext context, String sql) {
        try {
            return context.analyzer().analyze(sql);
        } catch (RuntimeException | StackOverflowError e) {
            context.failure("analysis", e);
            return UNANALYSABLE;
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int n = args == null ? 0 : args.length;
        switch (name) {
            case "executeQuery":
                return n == 0 ? query(preparedSql, preparedAnalysis, method, args, false)
                        : query((String) args[0], analyze(context, (String) args[0]), method, args, false);
            case "execute": {
                String sql = n == 0 ? preparedSql : (String) args[0];
                SqlAnalysis analysis = n == 0 ? preparedAnalysis : analyze(context, sql);
                if (n <= 1 && analysis != null && analysis.isRead()) {
                    return query(sql, analysis, method, args, true) != null;
                }
                return write(method, args, List.of(analysis == null ? UNANALYSABLE : analysis));
            }
            case "executeUpdate":
            case "executeLargeUpdate":
                return write(method, args, List.of(n == 0 ? preparedAnalysis : analyze(context, (String) args[0])));
            case "addBatch": {
                SqlAnalysis analysis = n == 0 ? preparedAnalysis : analyze(context, (String) args[0]);
                QueuedRows queued = queueable(n == 0 ? preparedSql : (String) args[0], analysis, n == 0);
                if (queued != null) {
                    batchOrder.add(queued);
                    return null;
                }
                Object added = forward(method, args);
                batch.add(analysis);
                batchOrder.add(FORWARDED);
                return added;
            }
            case "clearBatch":
                batch.clear();
                batchOrder.clear();
                return forward(method, args);
            case "executeBatch":
            case "executeLargeBatch": {
                List<SqlAnalysis> ran = new ArrayList<>(batch);
                List<Object> order = new ArrayList<>(batchOrder);
                batch.clear();
                batchOrder.clear();
                if (order.stream().noneMatch(e -> e instanceof QueuedRows)) {
                    return write(method, args, ran);
                }
                return executeBatchWithQueued(method, args, ran, order);
            }
            case "getResultSet":
                return lastFromStrata ? strataResult
                        : queuedUpdateCount >= 0 ? null : handedOut((ResultSet) forward(method, args));
            case "getUpdateCount":
                if (queuedUpdateCount >= 0) {
                    int count = (int) queuedUpdateCount;
                    queuedUpdateCount = -1;
                    return count;
                }
                return lastFromStrata ? -1 : forward(method, args);
            case "getLargeUpdateCount":
                if (queuedUpdateCount >= 0) {
                    long count = queuedUpdateCount;
                    queuedUpdateCount = -1;
                    return count;
                }
                return lastFromStrata ? -1L : forward(method, args);
            case "getMoreResults":
                if (queuedUpdateCount >= 0) {
                    queuedUpdateCount = -1;
                    return false;
                }
                if (lastFromStrata) {
                    if (n == 0 || (Integer) args[0] == Statement.CLOSE_CURRENT_RESULT) {
                        strataResult.close();
                    }
                    lastFromStrata = false;
                    strataResult = null;
                    return false;
                }
                return forward(method, args);
            case "setMaxRows":
            case "setLargeMaxRows": {
                Object r = forward(method, args);
                maxRows = ((Number) args[0]).longValue();
                return r;
            }
            case "setMaxFieldSize": {
                Object r = forward(method, args);
                maxFieldSize = (Integer) args[0];
                return r;
            }
            case "setEscapeProcessing": {
                Object r = forward(method, args);
                escapeProcessing = (Boolean) args[0];
                return r;
            }
            case "setFetchDirection": {
                Object r = forward(method, args);
                fetchDirection = (Integer) args[0];
                return r;
            }
            case "clearParameters":
                if (parameters != null) {
                    parameters.clear();
                }
                return forward(method, args);
            case "getConnection":
                return connectionProxy;
            case "close":
                try {
                    return forward(method, args);
                } finally {
                    closeStrataResult();
                }
            default:
                if (parameters != null && n >= 2 && name.startsWith("set") && args[0] instanceof Integer) {
                    Object r = forward(method, args);
                    parameters.record(name, args);
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
    }

    // ---- read path --------------------------------------------------------------------------------

    /**
     * Runs a query: from the cache when possible, else on the database (storing a small enough result).
     * Returns the result set the application gets, or null when an {@code execute} produced none.
     */
    private ResultSet query(String sql, SqlAnalysis analysis, Method method, Object[] args, boolean viaExecute)
            throws Throwable {
        closeStrataResult();
        if (analysis == null) {
            throw new SQLException("no SQL given for this statement", "07003");
        }
        queuedUpdateCount = -1;
        conn.beforeTouching(analysis); // a read of a write-behind table sees every acknowledged row
        QueryKey key = null;
        TagSnapshot snapshot = null;
        try {
            key = cacheKey(sql, analysis);
            if (key != null) {
                CachedResult hit = context.region().get(key);
                if (hit != null) {
                    context.hits.increment();
                    return served(DisconnectedResultSet.of(hit, (Statement) proxy));
                }
                snapshot = context.snapshot(tags);
            }
        } catch (SQLException | RuntimeException e) {
            context.failure("read path", e);
            key = null;
        }
        if (key == null) {
            if (analysis.isRead()) {
                context.uncached.increment();
            }
            try {
                return handedOut(live(method, args, viaExecute));
            } finally {
                conn.afterExecution(analysis);
            }
        }
        context.misses.increment();
        if (!context.admits(key, analysis.hint().forceCache())) {
            context.notAdmitted.increment(); // a query's first miss under second-miss admission: not read twice
            return handedOut(live(method, args, viaExecute));
        }
        ResultSet rs = live(method, args, viaExecute);
        if (rs == null) {
            return null;
        }
        Materializer.Outcome outcome = Materializer.read(rs, context.maxRows(), context.maxBytes(), lastColumns);
        if (outcome instanceof Materializer.Complete complete) {
            lastColumns = complete.result().columns();
            rs.close();
            store(key, complete.result(), snapshot, analysis.hint().ttl());
            return served(DisconnectedResultSet.of(complete.result(), (Statement) proxy));
        }
        context.streamed.increment();
        if (outcome instanceof Materializer.Partial partial) {
            if (resultSetType == ResultSet.TYPE_FORWARD_ONLY) {
                return served(DisconnectedResultSet.streaming(partial, (Statement) proxy));
            }
            // A scrollable result too big to cache: run again and hand over the driver's own result set.
            rs.close();
            return handedOut(live(method, args, viaExecute));
        }
        return handedOut(((Materializer.Live) outcome).live());
    }

    /** The key for a cacheable execution now, or null when this execution must not use the cache. */
    private QueryKey cacheKey(String sql, SqlAnalysis analysis) throws SQLException {
        if (!analysis.cacheable() || (!context.cacheByDefault() && !analysis.hint().forceCache())
                || maxFieldSize != 0 || !escapeProcessing) {
            return null;
        }
        if (parameters != null && !parameters.capturable()) {
            return null;
        }
        if (conn.whyNotCacheable() != null) {
            return null;
        }
        String session = conn.sessionKey();
        if (session == null) {
            return null;
        }
        Set<String> queryTags = tagsFor(session, analysis);
        if (queryTags == null || conn.transactionWroteAny(queryTags)) {
            return null;
        }
        this.tags = queryTags;
        return new QueryKey(session, sql, parameters == null ? NO_PARAMETERS : parameters.snapshot(),
                resultSetType, concurrency, holdability, maxRows, fetchDirection);
    }

    private Set<String> tagsFor(String session, SqlAnalysis analysis) throws SQLException {
        if (parameters != null && session.equals(tagsSession) && tags != null) {
            return tags;
        }
        Set<String> t = context.relations().tagsFor(session, analysis.readTables(), conn.delegate.getMetaData());
        if (t == null) {
            tags = null;
            tagsSession = null;
            return null;
        }
        Set<String> all = new LinkedHashSet<>(t);
        all.add(TableNames.ALL_TAG);
        tagsSession = parameters != null ? session : null;
        return Set.copyOf(all);
    }

    private void store(QueryKey key, CachedResult result, TagSnapshot snapshot, Duration hintedTtl) {
        try {
            if (hintedTtl != null) {
                context.region().put(key, result, snapshot, hintedTtl);
            } else {
                context.region().put(key, result, snapshot);
            }
        } catch (RuntimeException e) {
            context.failure("store", e);
        }
    }

    private ResultSet live(Method method, Object[] args, boolean viaExecute) throws Throwable {
        lastFromStrata = false;
        if (viaExecute) {
            boolean hasResult = (Boolean) forward(method, args);
            return hasResult ? delegate.getResultSet() : null;
        }
        return (ResultSet) forward(method, args);
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

    // ---- write path -------------------------------------------------------------------------------

    /** Every execution that is not a query: forward, then invalidate what it may have written. */
    private Object write(Method method, Object[] args, List<SqlAnalysis> analyses) throws Throwable {
        closeStrataResult();
        queuedUpdateCount = -1;
        if (analyses.size() == 1 && !method.getName().endsWith("Batch")) {
            Object queued = queueInsteadOfRunning(method, args, analyses.get(0));
            if (queued != null) {
                return queued;
            }
        }
        for (SqlAnalysis a : analyses) {
            conn.beforeTouching(a == null ? UNANALYSABLE : a);
        }
        try {
            return forward(method, args);
        } finally {
            for (SqlAnalysis a : analyses) {
                try {
                    conn.afterExecution(a == null ? UNANALYSABLE : a);
                } catch (RuntimeException e) {
                    context.failure("invalidation", e);
                    context.invalidate(Set.of(TableNames.ALL_TAG));
                }
            }
        }
    }

    // ---- write-behind tables ---------------------------------------------------------------------

    /**
     * The rows of {@code sql} when it is an insert that may be queued for write-behind right now (a
     * write-behind table, a reproducible {@code INSERT … VALUES}, no generated keys, every parameter
     * captured); null otherwise.
     */
    private QueuedRows queueable(String sql, SqlAnalysis analysis, boolean prepared) {
        if (sql == null || analysis == null || generatedKeys || !conn.queuesInto(analysis.insertValuesTable())) {
            return null;
        }
        InsertTemplate template = context.writeBehind().template(sql);
        if (template == null) {
            return null;
        }
        Object[] values = NO_PARAMETERS;
        if (template.parameterCount() > 0) {
            if (!prepared || parameters == null) {
                return null;
            }
            values = parameters.plainValues();
            if (values == null || values.length < template.parameterCount()) {
                return null;
            }
        }
        return new QueuedRows(analysis.insertValuesTable(), template, template.rows(values));
    }

    /** Queues a single insert on a write-behind table; null when it must run on the database. */
    private Object queueInsteadOfRunning(Method method, Object[] args, SqlAnalysis analysis) throws SQLException {
        int n = args == null ? 0 : args.length;
        if (n > 2 || n == 2 && !(args[1] instanceof Integer keys && keys == Statement.NO_GENERATED_KEYS)) {
            return null; // generated keys requested: only the database can answer
        }
        QueuedRows queued = queueable(n == 0 ? preparedSql : (String) args[0], analysis, n == 0);
        if (queued == null) {
            return null;
        }
        conn.queueInsert(queued.table(), queued.template(), queued.rows());
        int count = queued.rows().size();
        switch (method.getName()) {
            case "execute":
                queuedUpdateCount = count;
                return Boolean.FALSE;
            case "executeLargeUpdate":
                return (long) count;
            default:
                return count;
        }
    }

    /** A batch with queued inserts: queue them, run the rest on the database, answer in addBatch order. */
    private Object executeBatchWithQueued(Method method, Object[] args, List<SqlAnalysis> ran, List<Object> order)
            throws Throwable {
        for (Object entry : order) {
            if (entry instanceof QueuedRows q) {
                conn.queueInsert(q.table(), q.template(), q.rows());
            }
        }
        long[] forwarded = new long[0];
        if (!ran.isEmpty()) {
            Object result = write(method, args, ran);
            if (result instanceof int[] ints) {
                forwarded = java.util.Arrays.stream(ints).asLongStream().toArray();
            } else if (result instanceof long[] longs) {
                forwarded = longs;
            }
        }
        long[] counts = new long[order.size()];
        int next = 0;
        for (int i = 0; i < order.size(); i++) {
            counts[i] = order.get(i) instanceof QueuedRows q ? q.rows().size()
                    : next < forwarded.length ? forwarded[next++] : Statement.SUCCESS_NO_INFO;
        }
        if (method.getName().equals("executeLargeBatch")) {
            return counts;
        }
        return java.util.Arrays.stream(counts).mapToInt(c -> (int) c).toArray();
    }
}
