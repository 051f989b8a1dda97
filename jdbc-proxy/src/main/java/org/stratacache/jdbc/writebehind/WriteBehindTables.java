package org.stratacache.jdbc.writebehind;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.config.ValueParsers;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindFullException;
import org.stratacache.core.writebehind.WriteBehindStats;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;
import org.stratacache.jdbc.NotQueuedReason;
import org.stratacache.jdbc.sql.InsertTemplate;
import org.stratacache.jdbc.sql.TableNames;

/**
 * Write-behind tables ({@code strata.write-behind.tables}): a single-table {@code INSERT … VALUES} on one of
 * them is acknowledged once its rows are queued, and the core write-behind engine writes them in batches
 * (plain {@code INSERT}s, one transaction per batch) through a connection of its own.
 *
 * <p>Rules, so that nothing is lost and nothing is read stale:
 * <ul>
 *   <li>A read of a write-behind table, and an {@code UPDATE}/{@code DELETE}/DDL or any statement that
 *       cannot be queued (generated keys requested, {@code INSERT … SELECT}, functions in {@code VALUES}),
 *       first flushes that table's queue, then runs on the database: it sees every acknowledged row.</li>
 *   <li>Inside a transaction, queueable inserts are held by the connection: a later statement of the same
 *       transaction that touches the table first writes them on the transaction's own connection (so the
 *       transaction sees them and they commit or roll back with it); at commit the rows still held are
 *       queued, at rollback they are dropped.</li>
 *   <li>Queueing a row invalidates the table's cached queries (its tag) once the row is acknowledged; the
 *       next read flushes before it queries, so the result it caches includes the row.</li>
 *   <li>With a journal ({@code strata.write-behind.journal.dir}), the rows an earlier run acknowledged but did not
 *       write are written before the first connection is handed out ({@link #replayJournals}), whether or not
 *       their table is still configured: no statement runs before them.</li>
 * </ul>
 */
public final class WriteBehindTables {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindTables.class);
    /** Queue names are this prefix and the normalised table name; so are their journal directories. */
    static final String QUEUE_PREFIX = "jdbc:";

    /** Normalised name → the spelling configured in {@code strata.write-behind.tables}. */
    private final Map<String, String> tables;
    private final RegionStore store;
    private final Duration flushTimeout;
    private final ConcurrentHashMap<String, WriteBehind<List<?>, TableRow>> queues = new ConcurrentHashMap<>();
    /** SQL text → what {@link InsertTemplate#parse} made of it; bounded. */
    private final ConcurrentHashMap<String, InsertTemplate.Parsed> templates = new ConcurrentHashMap<>();
    private static final int MAX_TEMPLATES = 1_000;
    private volatile Consumer<String> written = tag -> { };
    /**
     * Table as spelled in an {@code INSERT} without a column list → the table's columns in ordinal order (an empty
     * list: not found); cleared when the schema may have changed ({@link #schemaChanged}). Bounded.
     */
    private final ConcurrentHashMap<String, List<String>> tableColumns = new ConcurrentHashMap<>();
    private static final int MAX_TABLE_COLUMNS = 1_000;
    /** Statements on write-behind tables that ran instead of being queued, by {@link NotQueuedReason#ordinal()}. */
    private final LongAdder[] notQueued = new LongAdder[NotQueuedReason.values().length];
    /** "table reason" already logged. */
    private final Set<String> loggedNotQueued = ConcurrentHashMap.newKeySet();
    private final Object replayLock = new Object();
    /** Rows replayed from the journals per normalised table; null until {@link #replayJournals} succeeded. */
    private volatile Map<String, Long> replayed;

    public WriteBehindTables(RegionStore store) {
        this.store = store;
        Map<String, String> names = new LinkedHashMap<>();
        for (String t : ValueParsers.list(store.config().get(ConfigKeys.WRITE_BEHIND_TABLES))) {
            names.putIfAbsent(TableNames.normalise(t), t.trim());
        }
        this.tables = Map.copyOf(names);
        this.flushTimeout = store.config().get(ConfigKeys.WRITE_BEHIND_FLUSH_TIMEOUT);
        for (int i = 0; i < notQueued.length; i++) {
            notQueued[i] = new LongAdder();
        }
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** True when {@code normalisedTable} is configured for write-behind. */
    public boolean covers(String normalisedTable) {
        return tables.containsKey(normalisedTable);
    }

    /** True when any of the tables is configured for write-behind. */
    public boolean coversAny(Collection<String> normalisedTables) {
        if (tables.isEmpty()) {
            return false;
        }
        for (String t : normalisedTables) {
            if (tables.containsKey(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes what earlier runs acknowledged but left in the journals of {@code strata.write-behind.journal.dir}
     * (a crash, or a close that could not write everything), once, before the first connection of this
     * configuration is handed out; callers that arrive meanwhile wait. Every {@code jdbc:} journal is replayed,
     * also one of a table no longer in {@code strata.write-behind.tables} (written into the table by its
     * normalised name, with a WARN naming the journal). The rows go in through a queue opened for the replay and
     * closed after it, into the table as configured; with a primary key, a row already in the table (committed
     * before the crash, its journal segment not yet deleted) is skipped rather than inserted twice.
     *
     * @param target connections of the engine's own to the database
     * @throws SQLException (SQLState 08000) when a journal could not be written within
     *                      {@code strata.write-behind.flush-timeout} and {@code close-timeout}: its rows stay in
     *                      the journal and the next connection tries again
     */
    public void replayJournals(DataSource target) throws SQLException {
        if (replayed != null) {
            return;
        }
        synchronized (replayLock) {
            if (replayed != null) {
                return;
            }
            Map<String, Long> counts = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Path> journal : store.journaledWriteBehindQueues().entrySet()) {
                if (!journal.getKey().startsWith(QUEUE_PREFIX)) {
                    continue; // a queue of the region store API or JCache: its owner replays it
                }
                String table = journal.getKey().substring(QUEUE_PREFIX.length());
                try {
                    counts.put(table, replay(table, journal.getValue(), target));
                } catch (SQLException | RuntimeException e) {
                    failures.add(journal.getValue() + " (table " + table + "): " + e.getMessage());
                    LOG.error("Strata JDBC: replaying the write-behind journal {} of table {} failed",
                            journal.getValue(), table, e);
                }
            }
            if (!counts.isEmpty()) {
                LOG.info("Strata JDBC: write-behind journals replayed at start, rows per table: {}", counts);
            }
            if (!failures.isEmpty()) {
                throw new SQLException("Strata JDBC: rows acknowledged by an earlier run are still in write-behind "
                        + "journals and could not be written, so no connection is handed out (a read would miss "
                        + "them): " + String.join("; ", failures), "08000");
            }
            replayed = Map.copyOf(counts);
        }
    }

    /** Rows replayed from the journals at start, per normalised table (empty before and without a replay). */
    public Map<String, Long> replayedRows() {
        Map<String, Long> r = replayed;
        return r == null ? Map.of() : r;
    }

    /** Replays the journal of one table through a queue of its own, closed afterwards; returns its rows. */
    private long replay(String table, Path journal, DataSource target) throws SQLException {
        String spelling = tables.get(table);
        if (spelling == null) {
            LOG.warn("Strata JDBC: the write-behind journal {} holds acknowledged rows of table {}, which is no longer "
                    + "in {}; writing them into {} now (acknowledged rows are never dropped; to discard them, delete "
                    + "that directory while no application uses it)", journal, table,
                    ConfigKeys.WRITE_BEHIND_TABLES.name(), table);
            spelling = table;
        }
        TableColumns described;
        try (Connection c = target.getConnection()) {
            described = TableColumns.read(c, spelling);
        }
        JdbcTableWriter.Builder writer = JdbcTableWriter.builder(target, described == null ? spelling
                : described.table());
        if (described != null && !described.primaryKey().isEmpty()) {
            writer.insertIfAbsent(described.primaryKey().toArray(String[]::new));
        } else {
            LOG.warn("Strata JDBC: write-behind table {} has no primary key{}: rows of its journal {} that were "
                    + "committed before the crash are inserted again; give the table a primary key to replay "
                    + "without duplicates", spelling, described == null ? " (or its metadata was not found)" : "",
                    journal);
            writer.appendOnly();
        }
        WriteBehind<List<?>, TableRow> queue = store.writeBehind(QUEUE_PREFIX + table,
                new Announcing(writer.build(), TableNames.tag(TableNames.normalise(table))));
        try {
            queue.flush(flushTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriteBehind.CloseReport<List<?>, TableRow> report = queue.closeAndReport();
        WriteBehindStats stats = queue.stats();
        long rows = stats.rowsWritten() + stats.deadLetters() + report.unwritten().size();
        if (!report.isClean()) {
            throw new SQLException(report.unwritten().size() + " of " + rows + " rows were not written within "
                    + ConfigKeys.WRITE_BEHIND_FLUSH_TIMEOUT.name() + " (" + flushTimeout + ") and "
                    + ConfigKeys.WRITE_BEHIND_CLOSE_TIMEOUT.name() + "; " + stats, "08000");
        }
        return rows;
    }

    /** The queueable shape of {@code sql}, or why it has none (parsed once per text). */
    public InsertTemplate.Parsed parse(String sql) {
        InsertTemplate.Parsed parsed = templates.get(sql);
        if (parsed == null) {
            parsed = InsertTemplate.parse(sql);
            if (templates.size() < MAX_TEMPLATES) {
                templates.put(sql, parsed);
            }
        }
        return parsed;
    }

    /**
     * An {@code INSERT INTO t VALUES …} without a column list, given the table's columns in ordinal order (read
     * from {@link java.sql.DatabaseMetaData} on a connection of {@code source}, then cached until the schema
     * changes); null when they cannot be read, are ambiguous, or do not match the number of values.
     */
    public InsertTemplate withTableColumns(InsertTemplate template, DataSource source) {
        List<String> columns = tableColumns.get(template.table());
        if (columns == null) {
            columns = readColumns(template.table(), source);
            if (columns == null) {
                return null; // the lookup failed: try again next time
            }
            if (tableColumns.size() < MAX_TABLE_COLUMNS) {
                tableColumns.put(template.table(), columns);
            }
        }
        return columns.isEmpty() ? null : template.withColumns(columns);
    }

    /** The columns in ordinal order; empty when not found (or two differ only in case); null on a failure. */
    private static List<String> readColumns(String table, DataSource source) {
        try (Connection c = source.getConnection()) {
            TableColumns described = TableColumns.read(c, table);
            if (described == null) {
                return List.of();
            }
            Set<String> distinct = new HashSet<>();
            for (String column : described.columns()) {
                if (!distinct.add(column.toLowerCase(Locale.ROOT))) {
                    return List.of(); // a row cannot hold both (TableRow matches names ignoring case)
                }
            }
            return described.columns();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Strata JDBC: reading the columns of write-behind table {} failed", table, e);
            return null;
        }
    }

    /** DDL (or something unknown) ran: the columns read for inserts without a column list are read again. */
    public void schemaChanged() {
        tableColumns.clear();
    }

    /**
     * A statement on write-behind table {@code normalisedTable} runs on the database instead of being queued:
     * counted, and logged once per table and reason with what to change (INFO for updates and deletes, which
     * are never queued; WARN for inserts that could have been).
     */
    public void notQueued(String normalisedTable, NotQueuedReason reason, String sql) {
        notQueued[reason.ordinal()].increment();
        if (loggedNotQueued.add(normalisedTable + ' ' + reason)) {
            String message = "Strata JDBC: a statement on write-behind table {} ran on the database instead of being "
                    + "queued: {}; {} (logged once per table and reason; counted in JdbcStats.writeBehindNotQueued)";
            if (reason == NotQueuedReason.NOT_AN_INSERT) {
                LOG.info(message, normalisedTable, reason.description(), reason.advice());
            } else {
                LOG.warn(message, normalisedTable, reason.description(), reason.advice());
            }
        }
        if (sql != null && LOG.isDebugEnabled()) {
            LOG.debug("Strata JDBC: not queued ({}): {}", reason, sql);
        }
    }

    /** Statements on write-behind tables that ran instead of being queued, by reason (reasons never seen absent). */
    public Map<NotQueuedReason, Long> notQueuedByReason() {
        Map<NotQueuedReason, Long> byReason = new EnumMap<>(NotQueuedReason.class);
        for (NotQueuedReason reason : NotQueuedReason.values()) {
            long n = notQueued[reason.ordinal()].sum();
            if (n > 0) {
                byReason.put(reason, n);
            }
        }
        return byReason;
    }

    /** Queues rows of one table; returns once every row is acknowledged. */
    public void queue(InsertTemplate template, List<List<Object>> rows, DataSource target) {
        WriteBehind<List<?>, TableRow> queue = queueFor(template.table(), target);
        Map<List<?>, TableRow> batch = new LinkedHashMap<>();
        for (List<Object> values : rows) {
            batch.put(JdbcTableWriter.appendKey(), TableRow.of(template.columns(), values));
        }
        queue.putAll(batch);
    }

    /** Writes every acknowledged row of those tables to the database before the caller reads or changes them. */
    public void flush(Collection<String> normalisedTables) throws SQLException {
        for (String t : normalisedTables) {
            WriteBehind<List<?>, TableRow> queue = queues.get(t);
            if (queue != null) {
                flush(queue);
            }
        }
    }

    /** Flushes every queue (a statement whose tables are unknown). */
    public void flushAll() throws SQLException {
        for (WriteBehind<List<?>, TableRow> queue : queues.values()) {
            flush(queue);
        }
    }

    private void flush(WriteBehind<List<?>, TableRow> queue) throws SQLException {
        try {
            if (!queue.flush(flushTimeout)) {
                throw new SQLException("write-behind queue '" + queue.name() + "' could not write its rows within "
                        + flushTimeout + " (" + ConfigKeys.WRITE_BEHIND_FLUSH_TIMEOUT.name() + "; " + queue.stats()
                        + "); the statement was not run", "08000");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while flushing write-behind queue '" + queue.name() + "'", e);
        }
    }

    /** Runs held rows directly on the caller's connection (inside its transaction). */
    static void insertDirectly(Connection connection, InsertTemplate template, List<List<Object>> rows)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(template.table()).append(" (");
        sql.append(String.join(", ", template.columns())).append(") VALUES (");
        sql.append("?, ".repeat(template.columns().size() - 1)).append("?)");
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    ps.setObject(i + 1, row.get(i));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private WriteBehind<List<?>, TableRow> queueFor(String table, DataSource target) {
        String normalised = TableNames.normalise(table);
        return queues.computeIfAbsent(normalised, t -> store.writeBehind(QUEUE_PREFIX + t,
                new Announcing(JdbcTableWriter.builder(target, table).appendOnly().build(), TableNames.tag(t))));
    }

    /**
     * Called with a table's tag each time the flusher committed a batch into it: other instances must learn
     * then (not when the rows were queued), or they could cache a result read before the rows arrived.
     */
    public void onWritten(Consumer<String> listener) {
        this.written = listener;
    }

    /** The table writer, telling {@link #written} after each committed batch. */
    private final class Announcing implements BatchWriter<List<?>, TableRow> {
        private final BatchWriter<List<?>, TableRow> writer;
        private final String tag;

        Announcing(BatchWriter<List<?>, TableRow> writer, String tag) {
            this.writer = writer;
            this.tag = tag;
        }

        @Override
        public void write(List<PendingWrite<List<?>, TableRow>> batch) throws Exception {
            writer.write(batch);
            written.accept(tag);
        }

        @Override
        public Failure classify(Exception failure) {
            return writer.classify(failure);
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /**
     * Queues rows one by one; when the queue stays full ({@link WriteBehindFullException} after the offer
     * timeout), the rows not queued are inserted on {@code fallback} instead, so an acknowledged row is
     * never dropped and none is written twice.
     */
    public void queueOrInsert(InsertTemplate template, List<List<Object>> rows, DataSource target, Connection fallback)
            throws SQLException {
        for (int i = 0; i < rows.size(); i++) {
            try {
                queue(template, List.of(rows.get(i)), target);
            } catch (WriteBehindFullException full) {
                notQueued(TableNames.normalise(template.table()), NotQueuedReason.QUEUE_FULL, null);
                insertDirectly(fallback, template, rows.subList(i, rows.size()));
                return;
            }
        }
    }

    /** Rows of write-behind inserts a transaction holds until it commits. */
    public static final class Held {
        private final Map<String, List<Map.Entry<InsertTemplate, List<Object>>>> byTable = new LinkedHashMap<>();

        public void add(String normalisedTable, InsertTemplate template, List<List<Object>> rows) {
            var held = byTable.computeIfAbsent(normalisedTable, t -> new ArrayList<>());
            for (List<Object> row : rows) {
                held.add(Map.entry(template, row));
            }
        }

        public boolean isEmpty() {
            return byTable.isEmpty();
        }

        /** Writes the held rows of those tables on the transaction's connection and stops holding them. */
        public void writeDirectly(Connection connection, Collection<String> normalisedTables) throws SQLException {
            for (String t : normalisedTables) {
                var held = byTable.remove(t);
                if (held != null) {
                    for (var e : held) {
                        insertDirectly(connection, e.getKey(), List.of(e.getValue()));
                    }
                }
            }
        }

        public void writeAllDirectly(Connection connection) throws SQLException {
            writeDirectly(connection, new ArrayList<>(byTable.keySet()));
        }

        /**
         * At commit: queues what is still held, row by row, forgetting each row once queued; a
         * {@link WriteBehindFullException} leaves the rows not yet queued held.
         */
        public void queueAll(WriteBehindTables tables, DataSource target) {
            for (var it = byTable.values().iterator(); it.hasNext(); ) {
                var held = it.next();
                int queued = 0;
                try {
                    for (var e : held) {
                        tables.queue(e.getKey(), List.of(e.getValue()), target);
                        queued++;
                    }
                } catch (WriteBehindFullException full) {
                    tables.notQueued(TableNames.normalise(held.get(queued).getKey().table()),
                            NotQueuedReason.QUEUE_FULL, null);
                    throw full;
                } finally {
                    held.subList(0, queued).clear(); // forget exactly the rows that were queued
                }
                it.remove();
            }
        }

        public void clear() {
            byTable.clear();
        }
    }
}
