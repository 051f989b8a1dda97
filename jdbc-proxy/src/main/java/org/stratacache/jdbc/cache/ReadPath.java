package org.stratacache.jdbc.cache;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.jdbc.UncachedReason;
import org.stratacache.jdbc.result.CachedResult;
import org.stratacache.jdbc.result.DisconnectedResultSet;
import org.stratacache.jdbc.result.Materializer;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.TableNames;

/**
 * The read path of one statement: from a query's analysis to a cached answer, or to the database with the
 * result stored on the way back. One per statement proxy; it holds what the key needs from the statement
 * (result-set settings, max rows, fetch direction, bound parameters) and what a repeated execution can
 * reuse (the query's tags, the last result's column metadata).
 *
 * <p>Order of a read ({@link #query}): {@link Cacheability} decides whether the read may use the cache at
 * all (a reason for every refusal, counted); the key is built; the region answers a hit; on a miss the tag
 * versions are captured <em>before</em> the query runs (so a write that commits meanwhile makes the stored
 * entry stale at once), {@link Admission} decides whether the miss stores, and {@link Materializer} reads the
 * result within the row and byte limits.
 */
public final class ReadPath {
    /** Runs the statement on the database and returns the driver's result set (null: no result set). */
    @FunctionalInterface
    public interface LiveQuery {
        ResultSet run() throws SQLException;
    }

    /**
     * Whether the result set the last {@link #query} returned is served by Strata (a hit, a materialised or
     * streamed miss) rather than the driver's. (Asked afterwards rather than returned in a pair: a hit then
     * allocates no pair; not told by the class, since a driver behind Strata may be Strata again.)
     */
    public boolean servedByStrata(ResultSet resultSet) {
        return resultSet != null && resultSet == served;
    }

    private final ConnectionState conn;
    private final StrataContext context;
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
    /** What materialising this statement's results learned, for the next of the same text and shape. */
    private final Materializer.Memory materialized = new Materializer.Memory();
    /** Tags of the prepared query for the session key they were computed for. */
    private String tagsSession;
    private Set<String> tags;
    /** The session part of the key of the read being decided (set by {@link #refusal}). */
    private String session;
    /** The key's part shared by this statement's executions, for the last session and SQL; null after a setting. */
    private QueryKey.Shape shape;
    /** The result set the last query served from Strata; null when the driver's went out. */
    private ResultSet served;

    /** @param prepared whether the statement has its SQL up front (bound parameters are captured for the key) */
    public ReadPath(ConnectionState conn, boolean prepared, int resultSetType, int concurrency, int holdability) {
        this.conn = conn;
        this.context = conn.context;
        this.parameters = prepared ? new Parameters() : null;
        this.resultSetType = resultSetType;
        this.concurrency = concurrency;
        this.holdability = holdability;
    }

    public void maxRows(long value) {
        maxRows = value;
        shape = null;
    }

    public void maxFieldSize(int value) {
        maxFieldSize = value;
    }

    public void escapeProcessing(boolean value) {
        escapeProcessing = value;
    }

    public void fetchDirection(int value) {
        fetchDirection = value;
        shape = null;
    }

    public int resultSetType() {
        return resultSetType;
    }

    /**
     * A {@code set…(index, …)} call on a prepared statement, recorded for the key: the setter's name and its
     * arguments, the index first. A setter named but not by index (a callable statement's named parameters)
     * makes the statement uncacheable until {@code clearParameters()}.
     */
    public void parameterSet(String setter, Object[] args) {
        if (parameters != null) {
            parameters.record(setter, args);
        }
    }

    /**
     * {@link #parameterSet} for a setter whose value goes into the key as it is ({@code setInt}, {@code setString},
     * and the other setters of immutable values without extra arguments: {@link Parameters#recordPlain}); without
     * the argument array.
     */
    public void plainParameterSet(String setter, int index, Object value) {
        if (parameters != null) {
            parameters.recordPlain(setter, index, value);
        }
    }

    /** {@link #parameterSet} for a primitive setter, its value as {@link ScalarSetter} bits: nothing boxed. */
    public void scalarParameterSet(ScalarSetter setter, int index, long bits) {
        if (parameters != null) {
            parameters.recordScalar(setter, index, bits);
        }
    }

    public void parametersCleared() {
        if (parameters != null) {
            parameters.clear();
        }
    }

    /** The bound values as plain objects, for a write-behind insert; null when some cannot be used. */
    public Object[] plainParameterValues() {
        return parameters == null ? null : parameters.plainValues();
    }

    /**
     * Runs a query: from the cache when possible, else on the database (storing a small enough result). Null when
     * an {@code execute} produced no result set; see {@link #servedByStrata} for who serves the one returned.
     *
     * @param statement the statement proxy, which results served by Strata answer from {@code getStatement}
     */
    public ResultSet query(String sql, SqlAnalysis statementAnalysis, Statement statement, LiveQuery live)
            throws SQLException {
        served = null;
        SqlAnalysis analysis = conn.resolved(statementAnalysis); // user functions: the database's verdict
        conn.beforeTouching(analysis); // a read of a write-behind table sees every acknowledged row
        QueryKey key = null;
        TagSnapshot snapshot = null;
        UncachedReason refused;
        try {
            refused = refusal(analysis);
            if (refused == null) {
                QueryKey.Shape keyShape = shapeFor(sql);
                key = parameters == null ? new QueryKey(keyShape) : parameters.key(keyShape);
                CachedResult hit = context.region().get(key);
                if (hit != null) {
                    context.hit();
                    return serve(DisconnectedResultSet.of(hit, statement));
                }
                snapshot = context.snapshot(tags);
            }
        } catch (SQLException | RuntimeException e) {
            context.failure("read path", e);
            key = null;
            refused = UncachedReason.STRATA_FAILURE;
        }
        if (key == null) {
            if (analysis.isRead()) {
                context.uncached(refused, sql);
            }
            try {
                return live.run();
            } finally {
                conn.afterExecution(analysis);
            }
        }
        return miss(sql, key, snapshot, analysis, statement, live);
    }

    private ResultSet serve(ResultSet fromStrata) {
        served = fromStrata;
        return fromStrata;
    }

    private QueryKey.Shape shapeFor(String sql) {
        QueryKey.Shape s = shape;
        if (s == null || !s.isFor(session, sql)) {
            s = new QueryKey.Shape(session, sql, resultSetType, concurrency, holdability, maxRows, fetchDirection);
            shape = s;
        }
        return s;
    }

    /**
     * Null when this execution may use the cache, else why not; on null, {@link #session} and {@link #tags}
     * are the read's.
     */
    private UncachedReason refusal(SqlAnalysis analysis) throws SQLException {
        UncachedReason why = Cacheability.ofStatement(analysis, context.cacheByDefault());
        if (why == null) {
            why = Cacheability.ofExecution(maxFieldSize, escapeProcessing, parameters);
        }
        if (why == null) {
            why = Cacheability.ofConnection(conn);
        }
        if (why != null) {
            return why;
        }
        session = conn.sessionKey();
        if (session == null) {
            return UncachedReason.SESSION_CHANGED;
        }
        Set<String> queryTags = tagsFor(session, analysis);
        if (queryTags == null) {
            return UncachedReason.RELATION_NOT_PLAIN_TABLE;
        }
        this.tags = queryTags;
        return Cacheability.transactionWrote(conn, queryTags);
    }

    private ResultSet miss(String sql, QueryKey key, TagSnapshot snapshot, SqlAnalysis analysis,
                           Statement statement, LiveQuery live) throws SQLException {
        context.miss();
        if (!context.admits(key, analysis.hint().forceCache())) {
            context.notAdmitted(); // a query's first miss under second-miss admission: not read twice
            return live.run();
        }
        ResultSet rs = live.run();
        if (rs == null) {
            return null;
        }
        Materializer.Outcome outcome = Materializer.read(rs, context.maxRows(), context.maxBytes(), sql,
                materialized);
        if (outcome instanceof Materializer.Complete complete) {
            rs.close();
            store(key, complete.result(), snapshot, analysis.hint().ttl());
            return serve(DisconnectedResultSet.of(complete.result(), statement));
        }
        context.streamed();
        if (outcome instanceof Materializer.Partial partial) {
            if (resultSetType == ResultSet.TYPE_FORWARD_ONLY) {
                return serve(DisconnectedResultSet.streaming(partial, statement));
            }
            // A scrollable result too big to cache: run again and hand over the driver's own result set.
            rs.close();
            return live.run();
        }
        return ((Materializer.Live) outcome).live();
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
}
