package org.stratacache.jdbc.sql;

import org.stratacache.core.invalidation.TableTags;

/**
 * The JDBC layer's names for {@link TableTags} (the one place that normalises table names into tags): the last
 * part of a qualified name, without quotes, in lower case. {@code Public."Orders"}, {@code orders} and
 * {@code ORDERS} become {@code orders}. Two different tables with one bare name share the tag: a write to
 * either invalidates both (over-invalidation is harmless; under-invalidation never happens).
 */
public final class TableNames {
    /** Prefix of the invalidation tag of a table. */
    public static final String TABLE_TAG_PREFIX = TableTags.PREFIX;
    /** The tag every cached query carries: invalidating it drops every cached result. */
    public static final String ALL_TAG = TableTags.ALL;

    private TableNames() {
    }

    /** The normalised bare name of a possibly qualified, possibly quoted relation name. */
    public static String normalise(String qualifiedName) {
        return TableTags.table(qualifiedName);
    }

    /** The invalidation tag of a normalised table name. */
    public static String tag(String normalisedName) {
        return TableTags.tag(normalisedName);
    }
}
