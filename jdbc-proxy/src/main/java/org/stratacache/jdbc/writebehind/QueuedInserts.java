package org.stratacache.jdbc.writebehind;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.stratacache.jdbc.NotQueuedReason;
import org.stratacache.jdbc.sql.InsertTemplate;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.TableNames;

/**
 * The write-behind side of one statement: which of its inserts are queued instead of run, and the update
 * counts the application gets for them. An insert is queueable when its table is a write-behind table, it is
 * a reproducible {@code INSERT … VALUES} ({@link InsertTemplate}; without a column list, the table's columns are
 * read from the metadata), no generated keys were asked for, and every parameter was captured; anything else
 * runs on the database (after the table's queue is flushed), and every statement on a write-behind table that
 * runs there is counted with its {@link NotQueuedReason}.
 *
 * <p>In a batch, queued and forwarded entries keep their {@code addBatch} order in the counts returned.
 */
public final class QueuedInserts {
    /** Marks a batch entry added to the real statement's batch. */
    private static final Object FORWARDED = new Object();
    private static final Object[] NO_PARAMETERS = new Object[0];

    /** Rows of one queueable insert. */
    private record Rows(String table, InsertTemplate template, List<List<Object>> rows) {
    }

    /** Runs the forwarded part of a batch on the database and returns the driver's counts. */
    @FunctionalInterface
    public interface BatchRun {
        long[] run() throws SQLException;
    }

    private final InsertTarget target;
    private final WriteBehindTables tables;
    /** The batch in addBatch order: {@link Rows} for a queued insert, {@link #FORWARDED} for the rest. */
    private final List<Object> batchOrder = new ArrayList<>();
    /** The statement was prepared asking for generated keys: its inserts cannot be queued. */
    private boolean generatedKeys;
    /** Update count of the last execution that was queued instead of run; -1 when none. */
    private long queuedUpdateCount = -1;

    public QueuedInserts(InsertTarget target, WriteBehindTables tables) {
        this.target = target;
        this.tables = tables;
    }

    public void generatedKeysRequested() {
        generatedKeys = true;
    }

    /**
     * The rows of {@code sql} when it is an insert that may be queued now; null otherwise (a statement on a
     * write-behind table is then counted with the reason).
     *
     * @param boundValues   the prepared statement's bound values (null when not prepared or not capturable)
     * @param keysRequested the execution asks for generated keys
     */
    private Rows queueable(String sql, SqlAnalysis analysis, Supplier<Object[]> boundValues, boolean keysRequested) {
        if (sql == null || analysis == null || tables.isEmpty()) {
            return null;
        }
        String table = analysis.insertValuesTable();
        if (table == null || !target.queuesInto(table)) {
            countWriteOfWriteBehindTables(sql, analysis);
            return null;
        }
        if (generatedKeys || keysRequested) {
            return refused(table, NotQueuedReason.GENERATED_KEYS, sql);
        }
        InsertTemplate.Parsed parsed = tables.parse(sql);
        InsertTemplate template = parsed.template();
        if (template == null) {
            return refused(table, parsed.refusal() == InsertTemplate.Refusal.UNSUPPORTED_CELL
                    ? NotQueuedReason.UNSUPPORTED_VALUE : NotQueuedReason.INSERT_NOT_VALUES, sql);
        }
        if (!table.equals(TableNames.normalise(template.table()))) {
            return null; // the analyser and the template disagree: never guess
        }
        Object[] values = NO_PARAMETERS;
        if (template.parameterCount() > 0) {
            values = boundValues == null ? null : boundValues.get();
            if (values == null || values.length < template.parameterCount()) {
                return refused(table, NotQueuedReason.PARAMETER_NOT_CAPTURABLE, sql);
            }
        }
        if (!template.hasColumnList()) {
            template = tables.withTableColumns(template, target.engineConnections());
            if (template == null) {
                return refused(table, NotQueuedReason.COLUMNS_UNKNOWN, sql);
            }
        }
        return new Rows(table, template, template.rows(values));
    }

    private Rows refused(String table, NotQueuedReason reason, String sql) {
        tables.notQueued(table, reason, sql);
        return null;
    }

    /** A write that is not a queueable insert: counted once per write-behind table it writes. */
    private void countWriteOfWriteBehindTables(String sql, SqlAnalysis analysis) {
        if (analysis.isRead() || analysis.writtenTables().isEmpty() || !tables.coversAny(analysis.writtenTables())) {
            return;
        }
        NotQueuedReason reason = NotQueuedReason.NOT_AN_INSERT;
        if (analysis.kind() == SqlAnalysis.Kind.DML) {
            InsertTemplate.Refusal refusal = tables.parse(sql).refusal();
            if (refusal == InsertTemplate.Refusal.NOT_PLAIN_VALUES) {
                reason = NotQueuedReason.INSERT_NOT_VALUES;
            } else if (refusal == InsertTemplate.Refusal.UNSUPPORTED_CELL) {
                reason = NotQueuedReason.UNSUPPORTED_VALUE;
            }
        }
        for (String t : analysis.writtenTables()) {
            if (tables.covers(t)) {
                tables.notQueued(t, reason, sql);
            }
        }
    }

    /**
     * {@code executeUpdate}/{@code execute}/{@code executeLargeUpdate} of a single statement: queues it when it
     * is a queueable insert and answers the number of rows queued; -1 when it must run on the database.
     *
     * @param boundValues   the prepared statement's bound values; null for SQL given with the call
     * @param keysRequested the call asks for generated keys (only the database can answer them)
     * @param viaExecute    {@code execute}: the count is kept for {@code getUpdateCount} ({@link #takeUpdateCount})
     */
    public long queueInsteadOfRunning(String sql, SqlAnalysis analysis, Supplier<Object[]> boundValues,
                                      boolean keysRequested, boolean viaExecute) throws SQLException {
        queuedUpdateCount = -1;
        Rows queued = queueable(sql, analysis, boundValues, keysRequested);
        if (queued == null) {
            return -1;
        }
        target.queueInsert(queued.table(), queued.template(), queued.rows());
        int count = queued.rows().size();
        if (viaExecute) {
            queuedUpdateCount = count;
        }
        return count;
    }

    /** {@code addBatch}: true when the entry is queued (and must not reach the real statement's batch). */
    public boolean addToBatch(String sql, SqlAnalysis analysis, Supplier<Object[]> boundValues) {
        Rows queued = queueable(sql, analysis, boundValues, false);
        batchOrder.add(queued != null ? queued : FORWARDED);
        return queued != null;
    }

    public void clearBatch() {
        batchOrder.clear();
    }

    /** True when the pending batch holds a queued insert (the batch then needs {@link #executeBatch}). */
    public boolean batchHasQueued() {
        for (Object entry : batchOrder) {
            if (entry instanceof Rows) {
                return true;
            }
        }
        return false;
    }

    /**
     * A batch with queued inserts: queues them, runs the rest on the database ({@code forwarded}, when there is
     * any), and answers the counts in addBatch order.
     */
    public long[] executeBatch(BatchRun forwarded) throws SQLException {
        List<Object> order = new ArrayList<>(batchOrder);
        batchOrder.clear();
        for (Object entry : order) {
            if (entry instanceof Rows q) {
                target.queueInsert(q.table(), q.template(), q.rows());
            }
        }
        long[] ran = order.contains(FORWARDED) ? forwarded.run() : new long[0];
        long[] counts = new long[order.size()];
        int next = 0;
        for (int i = 0; i < order.size(); i++) {
            counts[i] = order.get(i) instanceof Rows q ? q.rows().size()
                    : ran != null && next < ran.length ? ran[next++] : Statement.SUCCESS_NO_INFO;
        }
        return counts;
    }

    /** Forgets the update count of a queued execution (another execution started). */
    public void forgetUpdateCount() {
        queuedUpdateCount = -1;
    }

    /** True when the last execution was queued and its update count not yet read. */
    public boolean hasUpdateCount() {
        return queuedUpdateCount >= 0;
    }

    /** The update count of the queued execution, once (then -1 as JDBC says for "no more results"). */
    public long takeUpdateCount() {
        long count = queuedUpdateCount;
        queuedUpdateCount = -1;
        return count;
    }
}
