package org.stratacache.jdbc.writebehind;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A table's columns as {@link DatabaseMetaData} describes them: every column in ordinal order (what an
 * {@code INSERT INTO t VALUES (…)} without a column list fills) and the primary-key columns (what makes a
 * replayed row idempotent). Names come back quoted with the database's quote string, in the case the database
 * stores them, so they name exactly that column in any statement.
 *
 * <p>The table is found as the statement spelled it: quoted parts keep their case, unquoted parts take the case
 * the database stores unquoted names in; an unqualified name is looked up in the connection's current schema,
 * then in every schema, where it must be unique (else the table is not found: {@code null}).
 *
 * @param table      the table's qualified name as found ({@code schema.table}, quoted)
 * @param columns    every column, in ordinal order
 * @param primaryKey the primary-key columns in key order; empty when the table has none
 */
public record TableColumns(String table, List<String> columns, List<String> primaryKey) {

    public TableColumns {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The columns of the table spelled {@code spelling} (as in SQL: possibly qualified or quoted), or null. */
    static TableColumns read(Connection connection, String spelling) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        List<String> parts = parts(spelling);
        if (parts.isEmpty() || parts.size() > 3) {
            return null;
        }
        int n = parts.size();
        String table = stored(md, parts.get(n - 1));
        String schema = n >= 2 ? stored(md, parts.get(n - 2)) : null;
        String catalog = n == 3 ? stored(md, parts.get(0)) : null;
        if (schema == null) {
            String current = currentSchema(connection);
            if (current != null) {
                TableColumns found = unique(md, catalog, current, table);
                if (found != null) {
                    return found;
                }
            }
        }
        return unique(md, catalog, schema, table);
    }

    /** The columns of the one table named {@code table} in {@code schema} (any schema when null), or null. */
    private static TableColumns unique(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        String escape = md.getSearchStringEscape();
        Map<String, Map<Integer, String>> byTable = new TreeMap<>(); // "catalog NUL schema" -> columns by position
        try (ResultSet rs = md.getColumns(catalog, schema == null ? null : pattern(schema, escape),
                pattern(table, escape), "%")) {
            while (rs.next()) {
                if (!table.equals(rs.getString("TABLE_NAME"))
                        || schema != null && !schema.equals(rs.getString("TABLE_SCHEM"))) {
                    continue; // a pattern match of another name (an unescapable wildcard)
                }
                String owner = Objects.toString(rs.getString("TABLE_CAT"), "") + '\u0000'
                        + Objects.toString(rs.getString("TABLE_SCHEM"), "");
                byTable.computeIfAbsent(owner, o -> new TreeMap<>())
                        .put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
            }
        }
        if (byTable.size() != 1) {
            return null; // not found, or one name in several schemas: ambiguous
        }
        String owner = byTable.keySet().iterator().next();
        int split = owner.indexOf('\u0000');
        String cat = split == 0 ? null : owner.substring(0, split);
        String schem = split == owner.length() - 1 ? null : owner.substring(split + 1);
        String quote = quoteString(md);
        List<String> columns = new ArrayList<>();
        for (String c : byTable.get(owner).values()) {
            columns.add(quote(c, quote));
        }
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(cat, schem, table)) {
            while (rs.next()) {
                key.put(rs.getInt("KEY_SEQ"), quote(rs.getString("COLUMN_NAME"), quote));
            }
        }
        String qualified = (schem == null ? "" : quote(schem, quote) + ".") + quote(table, quote);
        return new TableColumns(qualified, columns, new ArrayList<>(key.values()));
    }

    private static String currentSchema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            return null; // a driver before JDBC 4.1: look in every schema
        }
    }

    /** A name part as the database stores it: quoted parts as written, unquoted ones in its identifier case. */
    private static String stored(DatabaseMetaData md, String part) throws SQLException {
        int n = part.length();
        if (n >= 2 && (part.charAt(0) == '"' && part.charAt(n - 1) == '"'
                || part.charAt(0) == '`' && part.charAt(n - 1) == '`')) {
            String q = part.substring(0, 1);
            return part.substring(1, n - 1).replace(q + q, q);
        }
        if (part.length() >= 2 && part.charAt(0) == '[' && part.charAt(n - 1) == ']') {
            return part.substring(1, n - 1);
        }
        if (md.storesUpperCaseIdentifiers()) {
            return part.toUpperCase(Locale.ROOT);
        }
        if (md.storesLowerCaseIdentifiers()) {
            return part.toLowerCase(Locale.ROOT);
        }
        return part;
    }

    /** The dot-separated parts of a qualified name; dots inside quotes do not separate. */
    static List<String> parts(String spelling) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char close = 0;
        for (char c : spelling.trim().toCharArray()) {
            if (close != 0) {
                if (c == close) {
                    close = 0;
                }
            } else if (c == '"' || c == '`') {
                close = c;
            } else if (c == '[') {
                close = ']';
            } else if (c == '.') {
                parts.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString().trim());
        return parts.stream().anyMatch(String::isEmpty) ? List.of() : parts;
    }

    private static String pattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '%' || escape.indexOf(c) >= 0) {
                b.append(escape);
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String quoteString(DatabaseMetaData md) throws SQLException {
        String q = md.getIdentifierQuoteString();
        return q == null || q.isBlank() ? "" : q.trim();
    }

    private static String quote(String name, String quote) {
        return quote.isEmpty() ? name : quote + name.replace(quote, quote + quote) + quote;
    }
}
