package org.stratacache.core.invalidation;

import java.util.Locale;

/**
 * The tags that stand for tables, shared by every writer and reader of the invalidation bus: the JDBC layer
 * (what a statement wrote), the Hibernate provider (query spaces), the {@code triggers} mode's trigger and the
 * {@code logical} mode's slot reader. A table's tag is {@code jdbc:table:} and its bare name, unquoted, in lower
 * case: {@code Public."Orders"}, {@code orders} and {@code ORDERS} are one tag. Two tables with one bare name in
 * different schemas share it: a write to either invalidates both (too much, never too little).
 */
public final class TableTags {
    /** The prefix of a table's tag. */
    public static final String PREFIX = "jdbc:table:";
    /** The tag every cached query result carries: invalidating it drops them all. */
    public static final String ALL = "jdbc:all";

    private TableTags() {
    }

    /** The bare, unquoted, lower-case name of a possibly qualified, possibly quoted relation name. */
    public static String table(String qualifiedName) {
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

    /** The tag of a bare table name (as {@link #table} gives it). */
    public static String tag(String bareTable) {
        return PREFIX + bareTable;
    }

    /** The bare table name a tag stands for, or {@code null} when it is not a table's tag. */
    public static String tableOf(String tag) {
        return tag.startsWith(PREFIX) && tag.length() > PREFIX.length() ? tag.substring(PREFIX.length()) : null;
    }

    /** The part after the last dot that is not inside quotes ({@code "…"}, {@code `…`}, {@code […]}). */
    private static String lastPart(String name) {
        char close = 0;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (close != 0) {
                if (c == close) {
                    close = 0;
                }
            } else if (c == '"' || c == '`') {
                close = c;
            } else if (c == '[') {
                close = ']';
            } else if (c == '.') {
                start = i + 1;
            }
        }
        return name.substring(start);
    }
}
