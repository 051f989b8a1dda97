package org.stratacache.jdbc.proxy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.TableNames;

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
final class ConnectionState {
    final StrataContext context;
    final Connection delegate;
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
    private boolean changedSessionThroughApi;

    /** Gives the write-behind engine connections of its own to this database; null: no write-behind here. */
    private final javax.sql.DataSource writeBehindTarget;
    /** Write-behind rows of the open transaction, queued at commit, dropped at rollback. */
    private final WriteBehindTables.Held held = new WriteBehindTables.Held();

    ConnectionState(StrataContext context, Connection delegate, String knownUrl, String knownUser,
                    javax.sql.DataSource writeBehindTarget) throws SQLException {
        this.writeBehindTarget = writeBehindTarget;
        this.context = context;
        this.delegate = delegate;
        this.knownUrl = knownUrl;
        this.knownUser = knownUser;
        this.autoCommit = delegate.getAutoCommit();
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
    String sessionKey() throws SQLException {
        SessionInfo s = session();
        return s.tainted() ? null : s.key(delegate, knownUrl, knownUser);
    }

    private boolean inTransaction() {
        return !autoCommit || sqlTransaction;
    }

    /**
     * Null when a read may use the cache now as far as the connection's state goes, else the reason it may not.
     * Whether the open transaction wrote what the read depends on is {@link #transactionWroteAny}, asked once the
     * read's tags are known.
     */
    String whyNotCacheable() throws SQLException {
        if (session().tainted()) {
            return "session state may have changed on this connection (SET/USE/…, a temporary table, or code "
                    + "Strata cannot see into: a function, a procedure)";
        }
        if (sqlTransaction) {
            return "inside a transaction begun with SQL";
        }
        int iso = isolation();
        if (iso == Connection.TRANSACTION_READ_UNCOMMITTED) {
            return "READ UNCOMMITTED isolation";
        }
        if (!autoCommit) {
            if (iso != Connection.TRANSACTION_READ_COMMITTED && iso != Connection.TRANSACTION_NONE) {
                return "transaction isolation above READ COMMITTED";
            }
            if (wroteUnknownInTransaction) {
                return "the transaction ran a statement with an unknown write set";
            }
        }
        return null;
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

    private int isolation() throws SQLException {
        if (isolation < 0) {
            isolation = delegate.getTransactionIsolation();
        }
        return isolation;
    }

    /**
     * Applies what a statement that ran (or failed) means for the cache. Called in a {@code finally} after
     * every statement execution that did not come from the cache.
     */
    void afterExecution(SqlAnalysis analysis) {
        if (analysis.invalidatesAll() && analysis.kind() != SqlAnalysis.Kind.DDL) {
            // Code Strata cannot see into (a function, CALL, DO, unparsed SQL) may have changed the session as
            // SET does: set_config('search_path' | 'app.tenant', …) inside it changes what the same SQL returns
            // on this connection, and nothing in the key would say so. (DDL changes what every session sees and
            // invalidates all; DDL creating temporary objects is a session change of its own, see SqlAnalyzer.)
            session().taint();
        }
        switch (analysis.kind()) {
            case SESSION -> session().taint();
            case BEGIN -> sqlTransaction = true;
            case END_TRANSACTION -> {
                sqlTransaction = false;
                endTransaction();
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
            context.invalidate(tags);
        }
    }

    /** After commit, rollback, an implicit commit, or close: the transaction's writes are visible or undone. */
    void endTransaction() {
        if (!pendingTags.isEmpty()) {
            context.invalidate(pendingTags);
        }
        pendingTags.clear();
        wroteUnknownInTransaction = false;
    }

    // ---- write-behind tables -------------------------------------------------------------------------

    /** True when inserts into {@code normalisedTable} may be queued on this connection. */
    boolean queuesInto(String normalisedTable) {
        return writeBehindTarget != null && normalisedTable != null
                && context.writeBehind().covers(normalisedTable);
    }

    /**
     * Before a statement that reads or changes write-behind tables runs on the database: rows this
     * transaction holds go to its own connection, and queued rows are flushed, so the statement sees every
     * acknowledged row and runs after them.
     */
    void beforeTouching(SqlAnalysis analysis) throws SQLException {
        WriteBehindTables tables = context.writeBehind();
        if (tables.isEmpty()) {
            return;
        }
        if (analysis.invalidatesAll() || analysis.kind() == SqlAnalysis.Kind.UNKNOWN
                || analysis.kind() == SqlAnalysis.Kind.END_TRANSACTION) {
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
    void queueInsert(String normalisedTable, org.stratacache.jdbc.sql.InsertTemplate template,
                     java.util.List<java.util.List<Object>> rows) throws SQLException {
        if (inTransaction()) {
            held.add(normalisedTable, template, rows);
            pendingTags.add(TableNames.tag(normalisedTable));
        } else {
            try {
                context.writeBehind().queueOrInsert(template, rows, writeBehindTarget, delegate);
            } finally {
                context.invalidate(Set.of(TableNames.tag(normalisedTable)));
            }
        }
    }

    /** After {@code commit()} or {@code rollback()} through the API. */
    void transactionEnded(boolean committed) throws SQLException {
        try {
            if (committed) {
                queueHeld();
            } else {
                held.clear();
            }
        } finally {
            endTransaction();
        }
    }

    /** {@code setAutoCommit(true)} commits an open transaction: its held rows are queued. */
    void beforeAutoCommitChange(boolean value) throws SQLException {
        if (value && !autoCommit && !held.isEmpty()) {
            // written into the transaction so the implicit commit takes them along
            held.writeAllDirectly(delegate);
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

    void autoCommitSet(boolean value) {
        boolean wasInTransaction = !autoCommit;
        autoCommit = value;
        if (value && wasInTransaction) {
            endTransaction();
        }
    }

    void isolationSet(int level) {
        isolation = level;
    }

    /** setSchema / setCatalog went through this proxy: the session key must be read again. */
    void sessionChangedThroughApi() {
        changedSessionThroughApi = true;
        session().forget();
    }

    void closed() {
        held.clear(); // an open transaction is not committed by close: its held rows go with it
        endTransaction();
        if (changedSessionThroughApi && session != null) {
            session.forget();
        }
    }
}
