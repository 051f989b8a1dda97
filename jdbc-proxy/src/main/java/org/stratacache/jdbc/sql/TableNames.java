package org.stratacache.jdbc.sql;

import java.util.Locale;

/**
 * Normalises relation names so that every spelling of one table maps to one invalidation tag: the last
 * part of a qualified name, without quotes, in lower case. {@code Public."Orders"}, {@code orders} and
 * {@code ORDERS} become {@code orders}. Two different tables with one bare name share the tag: a write to
 * either invalidates both (over-invalidation is harmless; under-invalidation never happens).
 */
public final class TableNames {
    /** Prefix of the invalidation tag of a table. */
    public static final String TABLE_TAG_PREFIX = "jdbc:table:";
    /** The tag every cached query carries: invalidating it drops every cached result. */
    public static final String ALL_TAG = "jdbc:all";

    private TableNames() {
    }

    /** The normalised bare name of a possibly qualified, possibly quoted relation name. */
    public static String normalise(String qualifiedName) {
        String name = lastPart(qualifiedName.trim());
        if (name.length() >= 2) {
            char first = name.charAt(0);
            char last = name.charAt(name.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                name = name.substring(1, name.length() - 1);
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** The invalidation tag of a normalised table name. */
    public static String tag(String normalisedName) {
        return TABLE_TAG_PREFIX + normalisedName;
    }

    private static String lastPart(String name) {
        boolean quoted = false;
        char close = 0;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted) {
                if (c == close) {
                    quoted = false;
                }
            } else if (c == '"' || c == '`') {
                quoted = true;
                close = c;
            } else if (c == '[') {
                quoted = true;
                close = ']';
            } else if (c == '.') {
                start = i + 1;
            }
        }
        return name.substring(start);
    }
}
