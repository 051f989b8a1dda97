package org.stratacache.hibernate;

import java.util.Locale;

/**
 * Hibernate's query spaces as the invalidation bus's table tags. A query space is a table name as Hibernate
 * renders it (optionally qualified by catalog and schema, quoted when the mapping quotes it); its tag is
 * {@code jdbc:table:} and the bare name in lower case — the tag the JDBC layer publishes for a write to that table
 * and the one the {@code triggers} mode's trigger sends, so that JDBC writers, Hibernate writers and writers that
 * bypass Strata all invalidate each other's caches. Two tables with one bare name in different schemas share a
 * tag: a write to either invalidates both (too much, never too little).
 */
final class TableTags {
    /** The prefix of a table's tag. */
    static final String PREFIX = "jdbc:table:";
    /** The tag the JDBC layer publishes for a write it cannot attribute to tables: everything. */
    static final String ALL = "jdbc:all";

    private TableTags() {
    }

    /** The bare, unquoted, lower-case table name of a query space. */
    static String table(String space) {
        String name = space.trim();
        int start = 0;
        char quote = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == '.') {
                start = i + 1;
            }
        }
        name = name.substring(start);
        if (name.length() >= 2) {
            char first = name.charAt(0);
            char last = name.charAt(name.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                name = name.substring(1, name.length() - 1);
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** The tag of a bare table name. */
    static String tag(String table) {
        return PREFIX + table;
    }

    /** The bare table name a tag stands for, or {@code null} when it is not a table's tag. */
    static String tableOf(String tag) {
        return tag.startsWith(PREFIX) && tag.length() > PREFIX.length() ? tag.substring(PREFIX.length()) : null;
    }
}
