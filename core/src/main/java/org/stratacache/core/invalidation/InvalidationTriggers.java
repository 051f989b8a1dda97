package org.stratacache.core.invalidation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The PostgreSQL triggers that make every write to a table reach the caches of every Strata instance, also
 * writes that do not go through Strata (psql, migrations, other services): a statement-level
 * {@code AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE} trigger per table that sends a notification on the
 * store's channel, in the writing transaction, so that it is delivered when (and only if) it commits. Use with
 * {@code strata.invalidation.mode=triggers}; needs the right to create functions and triggers, nothing else.
 *
 * <p>{@link #sql} gives the statements for a migration tool (Flyway, Liquibase: paste them into a migration);
 * {@link #install} runs them on a connection. Both are idempotent. A table created later needs its trigger too.
 */
public final class InvalidationTriggers {
    /** The function every trigger calls; its argument is the channel. */
    public static final String FUNCTION = "strata_notify_change";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private InvalidationTriggers() {
    }

    /**
     * The statements that install the function and one trigger per table.
     *
     * @param channel the store's channel: {@code strata.invalidation.channel}, or {@code strata_<store name>}
     *                (lower case, other characters as '_') when that is not set
     * @param tables  table names, optionally schema-qualified, unquoted
     */
    public static List<String> sql(String channel, List<String> tables) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a lower-case PostgreSQL identifier for a channel: " + channel);
        }
        List<String> statements = new ArrayList<>();
        // the payload is the message format of InvalidationMessage with the table's tag (TableTags: the prefix
        // and its lower-case bare name)
        statements.add("CREATE OR REPLACE FUNCTION " + FUNCTION + "() RETURNS trigger LANGUAGE plpgsql AS $strata$\n"
                + "BEGIN\n"
                + "  PERFORM pg_notify(TG_ARGV[0], 'strata1' || chr(10) || 'trigger' || chr(10)\n"
                + "      || (extract(epoch FROM clock_timestamp()) * 1000)::bigint || chr(10)\n"
                + "      || '" + TableTags.PREFIX + "' || lower(TG_TABLE_NAME));\n"
                + "  RETURN NULL;\n"
                + "END\n"
                + "$strata$");
        for (String table : tables) {
            if (!IDENTIFIER.matcher(table).matches()) {
                throw new IllegalArgumentException("not a plain (optionally schema-qualified) table name: " + table);
            }
            String bare = table.substring(table.indexOf('.') + 1).toLowerCase(Locale.ROOT);
            statements.add("CREATE OR REPLACE TRIGGER strata_notify_" + bare
                    + " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION " + FUNCTION + "('" + channel + "')");
        }
        return statements;
    }

    /** Runs {@link #sql} on {@code connection} (in its current transaction mode). */
    public static void install(Connection connection, String channel, List<String> tables) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String statement : sql(channel, tables)) {
                st.execute(statement);
            }
        }
    }

    /** Drops the triggers of {@code tables} (the function stays; other tables may use it). */
    public static void uninstall(Connection connection, List<String> tables) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String table : tables) {
                if (!IDENTIFIER.matcher(table).matches()) {
                    throw new IllegalArgumentException("not a plain table name: " + table);
                }
                String bare = table.substring(table.indexOf('.') + 1).toLowerCase(Locale.ROOT);
                st.execute("DROP TRIGGER IF EXISTS strata_notify_" + bare + " ON " + table);
            }
        }
    }
}
