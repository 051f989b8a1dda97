package org.stratacache.jdbc.cache;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.stratacache.jdbc.sql.TableNames;

/**
 * What the database says about the relations a query reads, asked once per database URL and name through
 * {@link DatabaseMetaData} and remembered until DDL runs.
 *
 * <p>Two facts matter for invalidation. <b>Only plain tables are cached</b>: a write names base tables, so a
 * query on a view, a synonym, a temporary table (session-local: two sessions would share one key), a
 * system table, a foreign or partitioned table, a PostgreSQL inheritance parent, child or partition, or a name
 * the metadata does not find (a CTE the finder over-reported, a table function) would be invalidated by no
 * write; such queries run uncached, and writes to such relations invalidate everything.
 * <b>Foreign keys cascade</b>: {@code ON DELETE CASCADE} / {@code SET NULL} change a child table when its
 * parent is written, so a query on a table also carries the tags of every table it references through
 * foreign keys, transitively. Changes made by triggers and rules cannot be seen through JDBC metadata; see
 * the README.
 */
final class Relations {
    /** Per relation: null when it is not a plain table, else the tags a query on it must carry. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<String>>> byUrl = new ConcurrentHashMap<>();
    private static final Set<String> NOT_PLAIN = Set.of("\u0000not-plain");

    /**
     * The tags a query on {@code tables} must carry (the tables' own and their foreign-key parents'), or null
     * when some relation is not a plain table.
     */
    Set<String> tagsFor(String url, Collection<String> tables, DatabaseMetaData md) throws SQLException {
        ConcurrentHashMap<String, Set<String>> known = byUrl.computeIfAbsent(url, u -> new ConcurrentHashMap<>());
        Set<String> tags = new LinkedHashSet<>();
        for (String table : tables) {
            Set<String> t = known.get(table);
            if (t == null) {
                t = lookUp(table, md);
                known.put(table, t);
            }
            if (t == NOT_PLAIN) {
                return null;
            }
            tags.addAll(t);
        }
        return tags;
    }

    /** Forgets everything (after DDL: a table may have become a view, keys may have changed). */
    void clear() {
        byUrl.clear();
    }

    private static Set<String> lookUp(String table, DatabaseMetaData md) throws SQLException {
        String[] located = locate(table, md);
        if (located == null || inheritsOrIsInherited(located, md)) {
            return NOT_PLAIN;
        }
        Set<String> tags = new LinkedHashSet<>();
        tags.add(TableNames.tag(table));
        Deque<String[]> todo = new ArrayDeque<>();
        todo.add(located);
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty() && seen.size() < 64) {
            String[] t = todo.poll();
            if (!seen.add(t[0] + "." + t[1] + "." + t[2])) {
                continue;
            }
            try (ResultSet rs = md.getImportedKeys(t[0], t[1], t[2])) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    tags.add(TableNames.tag(TableNames.normalise(parent)));
                    todo.add(new String[] {rs.getString("PKTABLE_CAT"), rs.getString("PKTABLE_SCHEM"), parent});
                }
            }
        }
        return Set.copyOf(tags);
    }

    /**
     * PostgreSQL: whether the table has a parent or children by inheritance or partitioning. A query on an
     * inheritance parent reads its children's rows, and a partition is written through its parent, so in both
     * cases the statement that writes names another table. JDBC metadata reports such tables as plain.
     */
    private static boolean inheritsOrIsInherited(String[] located, DatabaseMetaData md) throws SQLException {
        if (!"PostgreSQL".equalsIgnoreCase(md.getDatabaseProductName())) {
            return false;
        }
        try (PreparedStatement ps = md.getConnection().prepareStatement("select 1 from pg_catalog.pg_inherits i "
                + "join pg_catalog.pg_class c on c.oid in (i.inhrelid, i.inhparent) "
                + "join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
                + "where c.relname = ? and n.nspname = ? limit 1")) {
            ps.setString(1, located[2]);
            ps.setString(2, located[1]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Catalog, schema and stored name of the plain table of that name; null when some match is not plain. */
    private static String[] locate(String table, DatabaseMetaData md) throws SQLException {
        String stored = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT)
                : md.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
        String escape = md.getSearchStringEscape();
        String pattern = escape == null || escape.isEmpty() ? stored
                : stored.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
        String[] found = null;
        try (ResultSet rs = md.getTables(null, null, pattern, null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name == null || !name.equalsIgnoreCase(table)) {
                    continue;
                }
                String type = rs.getString("TABLE_TYPE");
                if (!"TABLE".equalsIgnoreCase(type) && !"BASE TABLE".equalsIgnoreCase(type)) {
                    return null;
                }
                found = new String[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), name};
            }
        }
        return found;
    }
}
