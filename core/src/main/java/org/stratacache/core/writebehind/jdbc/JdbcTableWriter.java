package org.stratacache.core.writebehind.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.PendingWrite;

/**
 * The shipped {@link BatchWriter}: writes {@link TableRow}s into one table with plain {@code java.sql}, one
 * transaction and one JDBC batch per statement shape per write-behind batch.
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li><b>Upsert by primary key</b> ({@link Builder#upsert}): a put is an upsert (H2 {@code MERGE … KEY},
 *       PostgreSQL {@code ON CONFLICT … DO UPDATE}, MySQL {@code ON DUPLICATE KEY UPDATE}, else SQL-standard
 *       {@code MERGE}); a delete is {@code DELETE … WHERE key = ?}. Queue a row under {@link #keyOf(TableRow)}
 *       (its key values in key-column order); a delete's key is that same list. Retrying a batch, or replaying
 *       a journal, writes the same final state again: idempotent.</li>
 *   <li><b>Append-only with a client-generated id</b> ({@link Builder#appendOnly(String)}): every row gets a
 *       fresh unique key ({@link #appendKey()}), written into the id column (which must have a unique or
 *       primary-key constraint); the insert does nothing when a row with that id exists, so a retried or
 *       replayed batch inserts nothing twice.</li>
 *   <li><b>Insert if absent by the row's own key</b> ({@link Builder#insertIfAbsent}): a row that holds every key
 *       column (say the primary key) is inserted unless a row with those key values exists, and then changes
 *       nothing; a row without them is a plain {@code INSERT}. For rows queued under {@link #appendKey()} whose
 *       identity is in the row itself: a retried or replayed batch inserts none of them twice, and never
 *       overwrites a row changed since it was written.</li>
 *   <li><b>Plain append-only</b> ({@link Builder#appendOnly()}): plain {@code INSERT}. A batch is one
 *       transaction, so a failed attempt leaves nothing behind; a row is written twice only when a commit
 *       succeeded but its acknowledgement was lost (the connection broke during commit) or when a crash came
 *       between a commit and the journal truncation. Use the id-column mode where that matters.</li>
 * </ul>
 * A delete in an append-only or insert-if-absent mode is refused (it goes to the dead-letter sink).
 *
 * <p>Holds one connection from the {@link DataSource} and reuses it across batches (only the queue's flusher
 * thread calls {@link #write}); a connection that failed transiently is closed and replaced on the next
 * attempt. Identifiers are validated (plain or double-quoted names, optionally schema-qualified), never
 * concatenated unchecked.
 */
public final class JdbcTableWriter implements BatchWriter<List<?>, TableRow> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTableWriter.class);
    private static final String PART = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\"|`[^`]+`)";
    private static final Pattern IDENTIFIER = Pattern.compile(PART + "(?:\\." + PART + ")*");

    private enum Mode { UPSERT, APPEND_WITH_ID, APPEND, INSERT_IF_ABSENT }

    private final DataSource dataSource;
    private final String table;
    private final Mode mode;
    private final List<String> keyColumns;
    private final Map<List<String>, String> statements = new HashMap<>();
    /** Prepared statements of {@link #connection}, by SQL; reused across batches, closed with it. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private SqlDialect dialect;
    private Connection connection;

    private JdbcTableWriter(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.mode = b.mode;
        this.keyColumns = b.keyColumns;
        this.dialect = b.dialect;
    }

    public static Builder builder(DataSource dataSource, String table) {
        return new Builder(dataSource, table);
    }

    /** A fresh, globally unique key for a row of an append-only table. */
    public static List<Object> appendKey() {
        return List.of(UUID.randomUUID().toString());
    }

    /**
     * The key to queue {@code row} under: its values of the key columns (upsert mode), or a fresh
     * {@link #appendKey()} (append-only modes).
     */
    public List<Object> keyOf(TableRow row) {
        if (mode != Mode.UPSERT) {
            return appendKey();
        }
        List<Object> key = new ArrayList<>(keyColumns.size());
        for (String k : keyColumns) {
            key.add(row.value(k));
        }
        return key;
    }

    public String table() {
        return table;
    }

    /** The dialect in use; {@code null} until given or detected at the first batch. */
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void write(List<PendingWrite<List<?>, TableRow>> batch) throws SQLException {
        Connection c = connection();
        try {
            Map<String, List<List<Object>>> byStatement = new LinkedHashMap<>();
            for (PendingWrite<List<?>, TableRow> w : batch) {
                bind(w, byStatement);
            }
            for (Map.Entry<String, List<List<Object>>> e : byStatement.entrySet()) {
                executeBatch(c, e.getKey(), e.getValue());
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    @Override
    public void close() {
        discardConnection();
    }

    private void executeBatch(Connection c, String sql, List<List<Object>> rows) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        boolean done = false;
        try {
            for (List<Object> params : rows) {
                for (int i = 0; i < params.size(); i++) {
                    Object v = params.get(i);
                    if (v == null) {
                        ps.setNull(i + 1, Types.NULL);
                    } else {
                        ps.setObject(i + 1, v);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
            done = true;
        } finally {
            if (!done) {
                try {
                    ps.clearBatch(); // the statement is reused: leave no half-built batch behind
                } catch (SQLException clearFailure) {
                    LOG.debug("clearing a failed batch", clearFailure);
                }
            }
        }
    }

    private void bind(PendingWrite<List<?>, TableRow> w, Map<String, List<List<Object>>> byStatement) {
        if (w.isDelete()) {
            if (mode != Mode.UPSERT) {
                throw new IllegalArgumentException("table " + table + " is written append-only: a delete of "
                        + w.key() + " cannot be written");
            }
            if (w.key().size() != keyColumns.size()) {
                throw new IllegalArgumentException("the key " + w.key() + " of a delete from " + table
                        + " does not match the key columns " + keyColumns);
            }
            String sql = statements.computeIfAbsent(List.of("\u0000delete"), x -> dialect.delete(table, keyColumns));
            byStatement.computeIfAbsent(sql, x -> new ArrayList<>()).add(new ArrayList<>(w.key()));
            return;
        }
        TableRow row = w.value();
        if (mode == Mode.APPEND_WITH_ID) {
            if (w.key().size() != 1) {
                throw new IllegalArgumentException("an append-only row of " + table + " needs a key of one value "
                        + "(its id), not " + w.key());
            }
            row = row.with(keyColumns.get(0), w.key().get(0));
        }
        String sql = statements.computeIfAbsent(row.columns(), this::statementFor);
        byStatement.computeIfAbsent(sql, x -> new ArrayList<>()).add(row.values());
    }

    private String statementFor(List<String> columns) {
        for (String c : columns) {
            requireIdentifier(c, "column");
        }
        return switch (mode) {
            case APPEND -> dialect.insert(table, columns);
            case APPEND_WITH_ID -> dialect.insertIfAbsent(table, columns, keyColumns);
            case INSERT_IF_ABSENT -> keyColumns.stream().allMatch(k -> columns.stream().anyMatch(c -> sameName(c, k)))
                    ? dialect.insertIfAbsent(table, columns, keyColumns) : dialect.insert(table, columns);
            case UPSERT -> {
                for (String k : keyColumns) {
                    if (columns.stream().noneMatch(k::equalsIgnoreCase)) {
                        throw new IllegalArgumentException("a row for " + table + " lacks the key column " + k
                                + " (it has " + columns + ")");
                    }
                }
                yield dialect.upsert(table, columns, keyColumns);
            }
        };
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                if (dialect == null) {
                    dialect = SqlDialect.detect(c.getMetaData());
                    LOG.debug("write-behind table writer for {}: dialect {}", table, dialect);
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void rollbackAfter(Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            discardConnection();
            return;
        }
        if (classify(failure) == Failure.TRANSIENT) {
            discardConnection(); // it may be broken; the retry opens a fresh one
        }
    }

    private void discardConnection() {
        Connection c = connection;
        connection = null;
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("closing a write-behind statement", e);
            }
        }
        prepared.clear();
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a write-behind connection", e);
        }
    }

    /** Two spellings of one column: equal once unquoted, ignoring case. */
    private static boolean sameName(String a, String b) {
        return unquoted(a).equalsIgnoreCase(unquoted(b));
    }

    private static String unquoted(String name) {
        int n = name.length();
        if (n >= 2 && (name.charAt(0) == '"' && name.charAt(n - 1) == '"'
                || name.charAt(0) == '`' && name.charAt(n - 1) == '`')) {
            return name.substring(1, n - 1);
        }
        return name;
    }

    private static String requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid SQL " + what + " name: " + name
                    + " (plain or double-quoted identifiers, optionally schema-qualified)");
        }
        return name;
    }

    @Override
    public String toString() {
        return "JdbcTableWriter[" + table + ", " + mode + (keyColumns.isEmpty() ? "" : " " + keyColumns) + "]";
    }

    /** Configures a {@link JdbcTableWriter}; exactly one of the mode methods must be called. */
    public static final class Builder {
        private final DataSource dataSource;
        private final String table;
        private Mode mode;
        private List<String> keyColumns = List.of();
        private SqlDialect dialect;

        private Builder(DataSource dataSource, String table) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.table = requireIdentifier(table, "table");
        }

        /** Upsert-by-primary-key mode; deletes are written as {@code DELETE} by key. */
        public Builder upsert(String... keyColumns) {
            if (keyColumns.length == 0) {
                throw new IllegalArgumentException("upsert mode needs the key columns of " + table);
            }
            List<String> keys = List.of(keyColumns);
            keys.forEach(k -> requireIdentifier(k, "key column"));
            return mode(Mode.UPSERT, keys);
        }

        /** Append-only, idempotent: each row's unique key goes into {@code idColumn} (unique constraint). */
        public Builder appendOnly(String idColumn) {
            return mode(Mode.APPEND_WITH_ID, List.of(requireIdentifier(idColumn, "id column")));
        }

        /**
         * Inserts each row unless a row with the same values in {@code keyColumns} exists (a primary key or unique
         * constraint); rows that lack a key column are plain inserts. Deletes are refused.
         */
        public Builder insertIfAbsent(String... keyColumns) {
            if (keyColumns.length == 0) {
                throw new IllegalArgumentException("insert-if-absent mode needs the key columns of " + table);
            }
            List<String> keys = List.of(keyColumns);
            keys.forEach(k -> requireIdentifier(k, "key column"));
            return mode(Mode.INSERT_IF_ABSENT, keys);
        }

        /** Append-only with plain {@code INSERT}s (see the class comment for when a row can be doubled). */
        public Builder appendOnly() {
            return mode(Mode.APPEND, List.of());
        }

        /** The dialect to use instead of detecting it from the database's metadata. */
        public Builder dialect(SqlDialect sqlDialect) {
            this.dialect = Objects.requireNonNull(sqlDialect, "dialect");
            return this;
        }

        public JdbcTableWriter build() {
            if (mode == null) {
                throw new IllegalStateException("choose a mode for table " + table
                        + ": upsert(keyColumns...), appendOnly(idColumn), insertIfAbsent(keyColumns...) or appendOnly()");
            }
            return new JdbcTableWriter(this);
        }

        private Builder mode(Mode m, List<String> keys) {
            if (mode != null) {
                throw new IllegalStateException("the mode of the writer for " + table + " was already set to " + mode);
            }
            mode = m;
            keyColumns = keys;
            return this;
        }
    }
}
