package org.stratacache.core.writebehind.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a database spells "insert, or update the row with this key" and "insert unless a row with this key
 * exists" — the two idempotent statements the {@link JdbcTableWriter} needs.
 */
public enum SqlDialect {
    /** {@code MERGE INTO t (…) KEY (…) VALUES (…)}. */
    H2 {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keys)
                    + ") VALUES (" + placeholders(columns.size()) + ")";
        }

        @Override
        String insertIfAbsent(String table, List<String> columns, List<String> keys) {
            // H2 2.x runs the SQL-standard MERGE; MERGE … KEY would overwrite a row changed since it was written.
            return standardMerge(table, columns, keys) + standardNotMatched(columns);
        }
    },
    /** {@code INSERT … ON CONFLICT (…) DO UPDATE SET c = EXCLUDED.c}. */
    POSTGRESQL {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            List<String> others = nonKey(columns, keys);
            return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keys) + ") DO "
                    + (others.isEmpty() ? "NOTHING" : "UPDATE SET "
                    + others.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
        }

        @Override
        String insertIfAbsent(String table, List<String> columns, List<String> keys) {
            return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keys) + ") DO NOTHING";
        }
    },
    /** {@code INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)} (MySQL and MariaDB). */
    MYSQL {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            List<String> others = nonKey(columns, keys);
            return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + (others.isEmpty()
                    ? keys.get(0) + " = " + keys.get(0)
                    : others.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", ")));
        }

        @Override
        String insertIfAbsent(String table, List<String> columns, List<String> keys) {
            return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + keys.get(0) + " = " + keys.get(0);
        }
    },
    /** SQL:2003 {@code MERGE INTO t USING (VALUES …) … WHEN MATCHED … WHEN NOT MATCHED …}. */
    STANDARD {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            List<String> others = nonKey(columns, keys);
            return standardMerge(table, columns, keys) + (others.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET "
                    + others.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", ")))
                    + standardNotMatched(columns);
        }

        @Override
        String insertIfAbsent(String table, List<String> columns, List<String> keys) {
            return standardMerge(table, columns, keys) + standardNotMatched(columns);
        }
    };

    static String standardMerge(String table, List<String> columns, List<String> keys) {
        return "MERGE INTO " + table + " t USING (VALUES (" + placeholders(columns.size()) + ")) s ("
                + String.join(", ", columns) + ") ON ("
                + keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND ")) + ")";
    }

    static String standardNotMatched(List<String> columns) {
        return " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
    }

    /** Inserts the row, or updates the non-key columns of the row with the same key. */
    abstract String upsert(String table, List<String> columns, List<String> keys);

    /** Inserts the row unless a row with the same key exists (then changes nothing). */
    abstract String insertIfAbsent(String table, List<String> columns, List<String> keys);

    String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + placeholders(columns.size()) + ")";
    }

    String delete(String table, List<String> keys) {
        return "DELETE FROM " + table + " WHERE " + keys.stream().map(k -> k + " = ?")
                .collect(Collectors.joining(" AND "));
    }

    /** The dialect of the database behind {@code meta}; {@link #STANDARD} for one not listed. */
    public static SqlDialect detect(DatabaseMetaData meta) throws SQLException {
        return fromProductName(meta.getDatabaseProductName());
    }

    static SqlDialect fromProductName(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        return STANDARD;
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static List<String> nonKey(List<String> columns, List<String> keys) {
        return columns.stream().filter(c -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(c))).toList();
    }
}
