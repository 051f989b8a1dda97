package org.stratacache.core.invalidation.poll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The SQL of mode {@code poll}'s version table, kept plain enough for H2, PostgreSQL, MySQL and the like: one row
 * per (channel, tag) whose {@code version} grows by one with each committed write that published the tag.
 *
 * <p><b>Why a counter per tag, not a log of writes.</b> A log with a sequence or identity id is read as "every row
 * above the largest id seen", and ids commit out of order: a transaction that drew id 7 may commit after one that
 * drew id 8 was read, and 7 is then never seen. A counter per tag cannot be missed that way: a poller compares each
 * row with the version it remembers, and any committed write leaves the row at a higher version than before,
 * whenever it commits. Several writes between two polls show as one change, which is all a poller needs.
 *
 * <p>{@code changed_at} is the writer's clock (epoch millis) when it bumped the row, for the delay statistics;
 * {@code changed_by} is the writing bus's id, so that a poller skips a change that was only its own.
 */
final class VersionTable {
    /** The reserved tag whose row stands for "everything" (never a real tag: {@code InvalidationMessage} too). */
    static final String EVERYTHING = "*";
    /** The longest tag the table holds; a longer one is published as {@link #EVERYTHING}. */
    static final int MAX_TAG_LENGTH = 500;
    /** The SQLState class of integrity constraint violations: a duplicate key is one. */
    private static final String INTEGRITY_VIOLATION = "23";

    private final String table;
    private final String select;
    private final String insert;
    private final String bump;

    /** @param table a validated table name, possibly schema-qualified (see {@code ConfigKeys.INVALIDATION_TABLE}) */
    VersionTable(String table) {
        this.table = table;
        this.select = "SELECT tag, version, changed_at, changed_by FROM " + table + " WHERE channel = ?";
        this.insert = "INSERT INTO " + table + " (channel, tag, version, changed_at, changed_by) "
                + "VALUES (?, ?, 0, 0, '-')";
        this.bump = "UPDATE " + table + " SET version = version + 1, changed_at = ?, changed_by = ? "
                + "WHERE channel = ? AND tag = ?";
    }

    String name() {
        return table;
    }

    /** The statement that creates the table; a DBA may run it once where Strata may not create tables. */
    String createStatement() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (channel VARCHAR(63) NOT NULL, tag VARCHAR("
                + MAX_TAG_LENGTH + ") NOT NULL, version BIGINT NOT NULL, changed_at BIGINT NOT NULL, "
                + "changed_by VARCHAR(36) NOT NULL, PRIMARY KEY (channel, tag))";
    }

    /**
     * Creates the table unless it exists. Two instances creating it at once may see an error (PostgreSQL's catalog
     * races on {@code IF NOT EXISTS}); what counts is that the table is readable afterwards, so a failed creation is
     * followed by a read, and the creation's failure is thrown only when that read fails too.
     */
    void create(Connection c, int timeoutSeconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            st.execute(createStatement());
        } catch (SQLException creation) {
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(timeoutSeconds);
                st.executeQuery("SELECT version FROM " + table + " WHERE 1 = 0").close();
            } catch (SQLException read) {
                creation.addSuppressed(read);
                throw creation;
            }
        }
    }

    /** Every row of {@code channel}, by tag. */
    Map<String, Row> read(Connection c, String channel, int timeoutSeconds) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /**
     * Inserts the row of {@code tag} at version 0 (no write yet) on an auto-commit connection; a row that exists, or
     * that another instance inserts at the same moment (a duplicate key: SQLState class 23), is fine. Rows are never
     * inserted inside the application's transaction: a duplicate key there would fail it on PostgreSQL.
     */
    void insertIfMissing(Connection c, String channel, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, channel);
            ps.setString(2, tag);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith(INTEGRITY_VIOLATION)) {
                throw e;
            }
        }
    }

    /**
     * Bumps the rows of {@code tags} (in the given order, which callers keep sorted so that two writers never lock
     * two rows in opposite orders); returns false when a row was missing (it was deleted: nothing was bumped for it).
     */
    boolean bump(Connection c, String channel, Iterable<String> tags, long now, String sender) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(bump)) {
            for (String tag : tags) {
                ps.setLong(1, now);
                ps.setString(2, sender);
                ps.setString(3, channel);
                ps.setString(4, tag);
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                if (count == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One row as a poller read it. */
    record Row(long version, long changedAt, String changedBy) {
    }
}
