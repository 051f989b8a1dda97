package org.stratacache.core.invalidation.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What logical decoding needs from the server, checked on an ordinary connection before the replication
 * connection is opened (without these, that connection fails with a message that does not say what to change):
 * {@code wal_level = logical}, room for a slot and a WAL sender, a role with REPLICATION, and a publication that
 * publishes every kind of change. Each problem names the setting and the change that fixes it.
 */
final class LogicalSetup {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String DUPLICATE_OBJECT = "42710";

    /** The server cannot serve logical decoding to this role as it is configured; the message says what to change. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    private LogicalSetup() {
    }

    /** Every server setting and role attribute that stands in the way, as messages; empty when none does. */
    static List<String> serverProblems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('wal_level'), "
                + "current_setting('max_replication_slots')::int, current_setting('max_wal_senders')::int, "
                + "(SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user), current_user")) {
            rs.next();
            String walLevel = rs.getString(1);
            String role = rs.getString(5);
            if (!"logical".equals(walLevel)) {
                problems.add("wal_level is '" + walLevel + "' but logical decoding needs wal_level = logical: set it "
                        + "in postgresql.conf (or ALTER SYSTEM SET wal_level = logical) and restart the server");
            }
            if (rs.getInt(2) <= 0) {
                problems.add("max_replication_slots is 0: set it in postgresql.conf to at least the number of Strata "
                        + "instances (plus other slot users) and restart the server");
            }
            if (rs.getInt(3) <= 0) {
                problems.add("max_wal_senders is 0: set it in postgresql.conf to at least the number of Strata "
                        + "instances (plus replicas and other WAL senders) and restart the server");
            }
            if (!rs.getBoolean(4)) {
                problems.add("role " + role + " has no REPLICATION attribute: ALTER ROLE " + role + " REPLICATION, "
                        + "or give Strata a role that has it (strata.invalidation.jdbc-url, .user, .password)");
            }
        }
        return problems;
    }

    /**
     * Makes sure {@code publication} exists and publishes inserts, updates, deletes and truncates: creates it
     * {@code FOR ALL TABLES} when missing (only a superuser may). Returns a warning when it publishes only some
     * tables (null when all), throws {@link Problem} when it cannot be used.
     */
    static String ensurePublication(Connection c, String publication) throws SQLException, Problem {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT puballtables, pubinsert, pubupdate, pubdelete, "
                    + "pubtruncate FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, publication);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return check(publication, rs);
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE PUBLICATION " + publication + " FOR ALL TABLES");
                return null;
            } catch (SQLException e) {
                if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw new Problem("publication " + publication + " does not exist, and only a superuser may "
                            + "create one FOR ALL TABLES: have one run CREATE PUBLICATION " + publication
                            + " FOR ALL TABLES (or FOR TABLE with the tables Strata caches), or name an existing "
                            + "publication in strata.invalidation.publication");
                }
                if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                    throw e;
                }
                // another instance created it meanwhile: read it again
            }
        }
        throw new SQLException("publication " + publication + " was created and is gone again");
    }

    private static String check(String publication, ResultSet rs) throws SQLException, Problem {
        List<String> missing = new ArrayList<>();
        String[] kinds = {"insert", "update", "delete", "truncate"};
        for (int i = 0; i < kinds.length; i++) {
            if (!rs.getBoolean(i + 2)) {
                missing.add(kinds[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new Problem("publication " + publication + " does not publish " + String.join(", ", missing)
                    + ": ALTER PUBLICATION " + publication + " SET (publish = 'insert, update, delete, truncate')");
        }
        return rs.getBoolean(1) ? null : "publication " + publication + " lists only some tables: writes that bypass "
                + "Strata to tables outside it reach other instances only after their TTL";
    }
}
