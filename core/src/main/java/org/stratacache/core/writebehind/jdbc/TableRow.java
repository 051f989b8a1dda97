package org.stratacache.core.writebehind.jdbc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row to write: column names and their values, in order (values may be null). Immutable and
 * serializable when its values are (journal mode needs that). The JDBC proxy builds one per
 * {@code INSERT … VALUES} row; application code may use {@link #of(Map)}.
 */
public final class TableRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> columns;
    private final List<Object> values;

    private TableRow(List<String> columns, List<Object> values) {
        this.columns = columns;
        this.values = values;
    }

    /** A row of these columns and values, matched by position. */
    public static TableRow of(List<String> columns, List<?> values) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(values, "values");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a row needs at least one column");
        }
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException("a row has " + columns.size() + " columns " + columns + " but "
                    + values.size() + " values");
        }
        List<String> cols = List.copyOf(columns);
        for (int i = 1; i < cols.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (cols.get(i).equalsIgnoreCase(cols.get(j))) {
                    throw new IllegalArgumentException("a row names a column twice: " + cols);
                }
            }
        }
        return new TableRow(cols, Collections.unmodifiableList(new ArrayList<>(values)));
    }

    /** A row of the map's entries, in the map's iteration order. */
    public static TableRow of(Map<String, ?> columnValues) {
        Map<String, ?> ordered = new LinkedHashMap<>(Objects.requireNonNull(columnValues, "columnValues"));
        return of(new ArrayList<>(ordered.keySet()), new ArrayList<>(ordered.values()));
    }

    public List<String> columns() {
        return columns;
    }

    public List<Object> values() {
        return values;
    }

    /** Position of {@code column} (compared without regard to case), or -1. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of {@code column}; throws when the row has no such column. */
    public Object value(String column) {
        int i = indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("the row has no column " + column + " (it has " + columns + ")");
        }
        return values.get(i);
    }

    /** This row with {@code column} set to {@code value} (added at the end when absent). */
    public TableRow with(String column, Object value) {
        List<String> cols = new ArrayList<>(columns);
        List<Object> vals = new ArrayList<>(values);
        int i = indexOf(column);
        if (i < 0) {
            cols.add(column);
            vals.add(value);
        } else {
            vals.set(i, value);
        }
        return new TableRow(List.copyOf(cols), Collections.unmodifiableList(vals));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableRow r && columns.equals(r.columns) && values.equals(r.values);
    }

    @Override
    public int hashCode() {
        return 31 * columns.hashCode() + values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(columns.get(i)).append('=').append(values.get(i));
        }
        return b.append('}').toString();
    }
}
