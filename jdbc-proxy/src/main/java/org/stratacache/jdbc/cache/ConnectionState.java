package org.stratacache.jdbc.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.TableNames;
import org.stratacache.jdbc.writebehind.InsertTarget;
import org.stratacache.jdbc.writebehind.WriteBehindTables;

/**
 * The caching logic of one connection proxy: which reads may use the cache, and when writes invalidate.
 *
 * <p><b>Invariant</b>: a table's tag is invalidated only <em>after</em> the write that changed it became
 * visible to other sessions (after the auto-commit statement, after commit), and also after a rollback,
 * after {@code setAutoCommit(true)} and at close with pending work. A reader that snapshots the tags before
 * that invalidation and stores afterwards has its entry rejected by the tag check, so no stale result
 * survives a write. Reads of tables this transaction wrote bypass the cache both ways (they see
 * uncommitted rows, which must neither be served to others nor be answered from others' results).
 *
 * <p>Not thread-safe beyond what JDBC promises for a connection (one thread at a time); the counters and
 * store it talks to are.
 */
public final class ConnectionState implements InsertTarget {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionState.class);
    final StrataContext context;
    /** The driver's connection. */
    public final Connection delegate;
    private final String knownUrl;
    private final String knownUser;
    private SessionInfo session;
    private boolean autoCommit;
    private int isolation = -1;
    /** A BEGIN / START TRANSACTION ran as SQL: the JDBC API does not know a transaction is open. */
    private boolean sqlTransaction;
    /**
     * Tags of what the open transaction wrote: invalidated when it ends, and meanwhile the reads carrying one of
     * them bypass the cache ({@link #transactionWroteAny}).
     */
    private final Set<String> pendingTags = new LinkedHashSet<>();
    private boolean wroteUnknownInTransaction;
    /** The open transaction's tags were published inside it (PostgreSQL delivers them at its commit). */
    private boolean publishedInTransaction;
    private final InvalidationBus bus;
    private boolean changedSessionThroughApi;
    /** Strata's own connections to this database (the bus's, and catalog lookups inside a transaction); may be null. */
    private final BusRegistry.DedicatedConnections dedicated;
    /** The catalog answers on user functions of this database; null when its URL is unknown. */
    private final FunctionVolatility.Database functions;
    /** The open transaction ran DDL: the function catalog answers are forgotten again when it ends. */
    private boolean ddlInTransaction;

    /** Gives the write-behind engine connections of its own to this database; null: no write-behind here. */
    private final javax.sql.DataSource writeBehindTarget;
    /** Write-behind rows of the open transaction, queued at commit, dropped at rollback. */
    private final WriteBehindTables.Held held = new WriteBehindTables.Held();

    /**
     * @param knownUrl    the real URL without password, or null to ask the connection's metadata
     * @param dedicated   connections of Strata's own to this database, for the invalidation bus
     */
    public ConnectionState(StrataContext context, Connection delegate, String knownUrl, String knownUser,
                           javax.sql.DataSource writeBehindTarget, BusRegistry.DedicatedConnections dedicated)
            throws SQLException {
        this.writeBehindTarget = writeBehindTarget;
        this.context = context;
        this.delegate = delegate;
        this.knownUrl = knownUrl;
        this.knownUser = knownUser;
        this.autoCommit = delegate.getAutoCommit();
        this.dedicated = dedicated;
        String url = databaseUrl(knownUrl);
        this.bus = busFor(url, dedicated);
        this.functions = url == null ? null : context.functionsOf(url);
    }

    /** The real URL without password; null (a failure, counted) when the metadata cannot tell it. */
    private String databaseUrl(String url) {
        try {
            return url != null ? url : Urls.withoutPassword(delegate.getMetaData().getURL());
        } catch (SQLException | RuntimeException e) {
            context.failure("invalidation bus", e);
            return null;
        }
    }

    /** This connection's database's bus; a failure to tell the database makes it one that is never trusted. */
    private InvalidationBus busFor(String url, BusRegistry.DedicatedConnections dedicated) {
        if (url == null) {
            return BusRegistry.untrusted("the database URL could not be read");
        }
        try {
            return context.busFor(url, dedicated);
        } catch (RuntimeException e) {
            context.failure("invalidation bus", e);
            return BusRegistry.untrusted("the database URL could not be read");
        }
    }

    /**
     * The analysis that holds for this execution: for a statement calling user functions, the verdict their
     * volatility in this database gives ({@link Cacheability#withFunctions}); any other analysis as it is (one
     * field read: the path of a statement without user functions looks nothing up).
     */
    SqlAnalysis resolved(SqlAnalysis analysis) {
        SqlAnalysis.UserFunctions calls = analysis.userFunctions();
        if (calls == null) {
            return analysis;
        }
        // after DDL in the open transaction, the catalog (read outside it) may not hold what this transaction sees
        FunctionVolatility.Volatility worst = functions == null || ddlInTransaction
                ? FunctionVolatility.Volatility.UNKNOWN
                : functions.worst(calls.names(), this::catalogConnection, delegate);
        return Cacheability.withFunctions(analysis, worst);
    }

    /**
     * A connection for a catalog lookup, outside the application's transaction: this one in auto-commit mode
     * (the lookup is a transaction of its own), else a dedicated one that the lookup closes.
     */
    private FunctionVolatility.Borrowed catalogConnection() throws SQLException {
        if (!inTransaction()) {
            return new FunctionVolatility.Borrowed(delegate, false);
        }
        if (dedicated == null) {
            throw new SQLException("no connection outside the application's transaction to read the function "
                    + "catalog with");
        }
        return new FunctionVolatility.Borrowed(dedicated.open(), true);
    }

    /** The bus that carries this connection's committed writes to the other instances. */
    public InvalidationBus bus() {
        return bus;
    }

    /** What the connections of this configuration share. */
    public StrataContext context() {
        return context;
    }

    /**
     * Marks the physical connection's session as possibly changed: its reads run uncached (SESSION_CHANGED) for
     * as long as it lives, so the first time is logged with what did it.
     */
    private void taint(SqlAnalysis cause) {
        SessionInfo s = session();
        if (!s.tainted()) {
            s.taint();
            LOG.debug("Strata JDBC: this connection's session may have changed ({}); its reads run uncached until "
                    + "it is closed", cause.uncacheableReason() != null ? cause.uncacheableReason() : cause.kind());
        }
    }

    private SessionInfo session() {
        SessionInfo s = session;
        if (s == null) {
            s = SessionInfo.of(delegate);
            session = s;
        }
        return s;
    }

    /** The session part of the cache key; null when this connection must not use the cache. */
    public String sessionKey() throws SQLException {
        SessionInfo s = session();
        return s.tainted() ? null : s.key(delegate, knownUrl, knownUser);
    }

    private boolean inTransaction() {
        return !autoCommit || sqlTransaction;
    }

    boolean tainted() {
        return session().tainted();
    }

    /** A transaction begun with SQL ({@code BEGIN}), which the JDBC API does not know of, is open. */
    boolean inSqlTransaction() {
        return sqlTransaction;
    }

    /** Auto-commit is off: a transaction the JDBC API knows of is open. */
    boolean inApiTransaction() {
        return !autoCommit;
    }

    /** The open transaction ran a statement whose write set is unknown (or wrote through a view). */
    boolean transactionWroteUnknown() {
        return wroteUnknownInTransaction;
    }

    /**
     * False when a written relation is not a plain table: a write through an updatable view changes its base
     * table, an insert into a partitioned or inheritance parent changes a partition or child, and none of those
     * is named by the statement. Such writes invalidate everything. A failing lookup counts as not plain.
     */
    private boolean writesPlainTablesOnly(SqlAnalysis analysis) {
        if (analysis.writtenTables().isEmpty()) {
            return true;
        }
        try {
            return context.relations().tagsFor(session().key(delegate, knownUrl, knownUser),
                    analysis.writtenTables(), delegate.getMetaData()) != null;
        } catch (SQLException | RuntimeException e) {
            context.failure("write set lookup", e);
            return false;
        }
    }

    /**
     * True when the open transaction wrote a table behind one of a query's {@code tags}. The tags include the
     * tables the query's tables reference by foreign key, so this also catches a cascade: a delete from a parent
     * changes its children, which this transaction then sees uncommitted and must neither store nor be
     * answered from the cache. The query's own tables are among its tags.
     */
    boolean transactionWroteAny(Set<String> tags) {
        if (!inTransaction() || pendingTags.isEmpty()) {
            return false;
        }
        for (String tag : tags) {
            if (!tag.equals(TableNames.ALL_TAG) && pendingTags.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    int isolation() throws SQLException {
        if (isolation < 0) {
            isolation = delegate.getTransactionIsolation();
        }
        return isolation;
    }

    /**
     * Runs a statement on the database; {@link Execution#run} makes the call on the driver.
     *
     * @param <T> what the driver's call answers (an update count, the counts of a batch, whether a result set came)
     */
    @FunctionalInterface
    public interface Execution<T> {
        T run() throws SQLException;
    }

    /**
     * Every execution that is not a query: write-behind tables it touches are flushed first, then it runs,
     * then (in a {@code finally}, so a failed write still invalidates) what it may have written is
     * invalidated or, inside a transaction, remembered for the end of the transaction.
     */
    public <T> T write(List<SqlAnalysis> statements, Execution<T> execution) throws SQLException {
        List<SqlAnalysis> analyses = statements;
        for (int i = 0; i < statements.size(); i++) {
            SqlAnalysis a = statements.get(i);
            if (a != null && a.userFunctions() != null) {
                if (analyses == statements) {
                    analyses = new ArrayList<>(statements);
                }
                analyses.set(i, resolved(a)); // an immutable or stable function cannot write: the tables are known
            }
        }
        for (SqlAnalysis a : analyses) {
            beforeTouching(a == null ? StrataContext.UNANALYSABLE : a);
            if (a != null && a.kind() == SqlAnalysis.Kind.END_TRANSACTION) {
                beforeCommit(); // a ROLLBACK discards the notification with the rest
            }
        }
        try {
            return execution.run();
        } finally {
            for (SqlAnalysis a : analyses) {
                try {
                    afterExecution(a == null ? StrataContext.UNANALYSABLE : a);
                } catch (RuntimeException e) {
                    context.failure("invalidation", e);
                    context.invalidate(Set.of(TableNames.ALL_TAG));
                }
            }
        }
    }

    /**
     * Applies what a statement that ran (or failed) means for the cache. Called in a {@code finally} after
     * every statement execution that did not come from the cache.
     */
    public void afterExecution(SqlAnalysis analysis) {
        if (analysis.opaque()) {
            // Code Strata cannot see into (a function, CALL, DO, unparsed SQL) may have changed the session as
            // SET does: set_config('search_path' | 'app.tenant', …) inside it changes what the same SQL returns
            // on this connection, and nothing in the key would say so. (DDL changes what every session sees and
            // invalidates all; DDL creating temporary objects is a session change of its own, see SqlAnalyzer.)
            taint(analysis);
        }
        if (analysis.kind() == SqlAnalysis.Kind.DDL) {
            // read the columns of write-behind tables again, now (this transaction sees its DDL) and again when
            // the DDL is visible to all (the invalidation of everything at its commit, StrataContext.invalidate)
            context.writeBehind().schemaChanged();
            // any DDL, not only CREATE/ALTER/DROP FUNCTION: DROP SCHEMA … CASCADE, CREATE EXTENSION … change
            // functions too, and DDL is rare; again at the end of the transaction, when others see the change
            context.functionsChanged();
            ddlInTransaction |= inTransaction();
        }
        switch (analysis.kind()) {
            case SESSION -> taint(analysis);
            case BEGIN -> sqlTransaction = true;
            case END_TRANSACTION -> {
                sqlTransaction = false;
                endTransaction(true); // COMMIT or ROLLBACK as SQL: publishing after a rollback is harmless
            }
            default -> {
            }
        }
        Set<String> tags;
        if (analysis.invalidatesAll() || !writesPlainTablesOnly(analysis)) {
            tags = Set.of(TableNames.ALL_TAG);
        } else if (!analysis.writtenTables().isEmpty()) {
            tags = new LinkedHashSet<>();
            for (String t : analysis.writtenTables()) {
                tags.add(TableNames.tag(t));
            }
        } else {
            return;
        }
        if (inTransaction()) {
            pendingTags.addAll(tags);
            // also a write to a view or a partitioned parent: the tables it changed are not named
            wroteUnknownInTransaction |= tags.contains(TableNames.ALL_TAG);
        } else {
            committed(tags);
        }
    }

    /** A committed write: invalidated here, then published to the other instances. */
    private void committed(Set<String> tags) {
        context.invalidate(tags);
        bus.publish(tags);
    }

    /**
     * Before the open transaction commits ({@code commit()}, {@code setAutoCommit(true)}, an SQL
     * {@code COMMIT}): its tags are published inside it, so that PostgreSQL delivers them exactly when it commits
     * and never if it rolls back.
     */
    public void beforeCommit() {
        if (inTransaction() && !pendingTags.isEmpty() && !publishedInTransaction) {
            publishedInTransaction = bus.publishInTransaction(delegate, pendingTags);
        }
    }

    /**
     * Before {@code commit()}: as {@link #beforeCommit}, but where the bus can, the transaction is committed here
     * with its tags published in the same request (one round trip instead of two); the driver's own
     * {@code commit()} that follows then finds no transaction open and does nothing.
     *
     * @throws SQLException the commit failed (the transaction was rolled back)
     */
    public void commitPublishing() throws SQLException {
        if (inTransaction() && !pendingTags.isEmpty() && !publishedInTransaction) {
            publishedInTransaction = bus.commitPublishing(delegate, pendingTags);
        }
        beforeCommit();
    }

    /**
     * After commit, rollback, an implicit commit, or close: the transaction's writes are visible or undone;
     * either way they are invalidated here. A committed transaction's tags are published unless they went out
     * inside it.
     */
    void endTransaction(boolean committed) {
        if (!pendingTags.isEmpty()) {
            context.invalidate(pendingTags);
            if (committed && !publishedInTransaction) {
                bus.publish(pendingTags);
            }
        }
        pendingTags.clear();
        if (ddlInTransaction) {
            // a lookup between the DDL and its commit read the old definition
            context.functionsChanged();
            ddlInTransaction = false;
        }
        wroteUnknownInTransaction = false;
        publishedInTransaction = false;
    }

    // ---- write-behind tables -------------------------------------------------------------------------

    @Override
    public javax.sql.DataSource engineConnections() {
        return writeBehindTarget;
    }

    /** True when inserts into {@code normalisedTable} may be queued on this connection. */
    @Override
    public boolean queuesInto(String normalisedTable) {
        return writeBehindTarget != null && normalisedTable != null
                && context.writeBehind().covers(normalisedTable);
    }

    /**
     * Before a statement that reads or changes write-behind tables runs on the database: rows this
     * transaction holds go to its own connection, and queued rows are flushed, so the statement sees every
     * acknowledged row and runs after them.
     */
    public void beforeTouching(SqlAnalysis analysis) throws SQLException {
        WriteBehindTables tables = context.writeBehind();
        if (tables.isEmpty()) {
            return;
        }
        // a stable function may read any table, a write-behind one too (an immutable one reads none)
        if (analysis.invalidatesAll() || analysis.kind() == SqlAnalysis.Kind.UNKNOWN
                || analysis.kind() == SqlAnalysis.Kind.END_TRANSACTION
                || analysis.reason() == SqlAnalysis.Reason.STABLE_FUNCTION) {
            held.writeAllDirectly(delegate);
            tables.flushAll();
            return;
        }
        Set<String> touched = new LinkedHashSet<>();
        for (String t : analysis.readTables()) {
            if (tables.covers(t)) {
                touched.add(t);
            }
        }
        for (String t : analysis.writtenTables()) {
            if (tables.covers(t)) {
                touched.add(t);
            }
        }
        if (!touched.isEmpty()) {
            held.writeDirectly(delegate, touched);
            tables.flush(touched);
        }
    }

    /**
     * Takes the rows of a queueable insert: held until commit inside a transaction, else queued (and
     * acknowledged) now. The table's cached queries are invalidated as for any write.
     */
    @Override
    public void queueInsert(String normalisedTable, org.stratacache.jdbc.sql.InsertTemplate template,
                     java.util.List<java.util.List<Object>> rows) throws SQLException {
        if (inTransaction()) {
            held.add(normalisedTable, template, rows);
            pendingTags.add(TableNames.tag(normalisedTable));
        } else {
            try {
                context.writeBehind().queueOrInsert(template, rows, writeBehindTarget, delegate);
            } finally {
                // published now for the rows inserted directly; the flusher publishes again once it wrote them
                committed(Set.of(TableNames.tag(normalisedTable)));
            }
        }
    }

    /** After {@code commit()} or {@code rollback()} through the API. */
    public void transactionEnded(boolean committed) throws SQLException {
        try {
            if (committed) {
                queueHeld();
            } else {
                held.clear();
            }
        } finally {
            endTransaction(committed);
        }
    }

    /** {@code setAutoCommit(true)} commits an open transaction: its held rows are queued. */
    public void beforeAutoCommitChange(boolean value) throws SQLException {
        if (value && !autoCommit && !held.isEmpty()) {
            // written into the transaction so the implicit commit takes them along
            held.writeAllDirectly(delegate);
        }
        if (value && !autoCommit) {
            beforeCommit();
        }
    }

    /**
     * Queues what a committed transaction held. When the queue stays full, the rows are written on this
     * connection and committed instead: acknowledged rows are never dropped.
     */
    private void queueHeld() throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        try {
            held.queueAll(context.writeBehind(), writeBehindTarget);
        } catch (org.stratacache.core.writebehind.WriteBehindFullException full) {
            held.writeAllDirectly(delegate);
            delegate.commit();
        }
    }

    public void autoCommitSet(boolean value) {
        boolean wasInTransaction = !autoCommit;
        autoCommit = value;
        if (value && wasInTransaction) {
            endTransaction(true);
        }
    }

    public void isolationSet(int level) {
        isolation = level;
    }

    /** setSchema / setCatalog went through this proxy: the session key must be read again. */
    public void sessionChangedThroughApi() {
        changedSessionThroughApi = true;
        session().forget();
    }

    public void closed() {
        held.clear(); // an open transaction is not committed by close: its held rows go with it
        endTransaction(false);
        if (changedSessionThroughApi && session != null) {
            session.forget();
        }
    }
}
