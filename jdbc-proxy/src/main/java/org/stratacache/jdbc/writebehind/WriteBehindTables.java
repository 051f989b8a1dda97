package org.stratacache.jdbc.writebehind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindFullException;
import org.stratacache.core.writebehind.jdbc.JdbcTableWriter;
import org.stratacache.core.writebehind.jdbc.TableRow;
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
 * </ul>
 */
public final class WriteBehindTables {
    private final Set<String> tables;
    private final RegionStore store;
    private final Duration flushTimeout;
    private final ConcurrentHashMap<String, WriteBehind<List<?>, TableRow>> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> templates = new ConcurrentHashMap<>();
    private static final Object NOT_QUEUEABLE = new Object();
    private static final int MAX_TEMPLATES = 1_000;
    private volatile Consumer<String> written = tag -> { };

    public WriteBehindTables(RegionStore store) {
        this.store = store;
        Set<String> names = new LinkedHashSet<>();
        for (String t : org.stratacache.core.config.ValueParsers.list(
                store.config().get(ConfigKeys.WRITE_BEHIND_TABLES))) {
            names.add(TableNames.normalise(t));
        }
        this.tables = Set.copyOf(names);
        this.flushTimeout = store.config().get(ConfigKeys.WRITE_BEHIND_FLUSH_TIMEOUT);
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** True when {@code normalisedTable} is configured for write-behind. */
    public boolean covers(String normalisedTable) {
        return tables.contains(normalisedTable);
    }

    /** True when any of the tables is configured for write-behind. */
    public boolean coversAny(Collection<String> normalisedTables) {
        if (tables.isEmpty()) {
            return false;
        }
        for (String t : normalisedTables) {
            if (tables.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** The queueable shape of {@code sql} on a write-behind table, or null (then it runs on the database). */
    public InsertTemplate template(String sql) {
        Object t = templates.get(sql);
        if (t == null) {
            InsertTemplate parsed = InsertTemplate.of(sql);
            t = parsed != null && covers(TableNames.normalise(parsed.table())) ? parsed : NOT_QUEUEABLE;
            if (templates.size() < MAX_TEMPLATES) {
                templates.put(sql, t);
            }
        }
        return t == NOT_QUEUEABLE ? null : (InsertTemplate) t;
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
        return queues.computeIfAbsent(normalised, t -> store.writeBehind("jdbc:" + t,
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
