package org.stratacache.jdbc.result;

import java.io.Serializable;
import java.util.List;

/**
 * A materialised, immutable query result: column metadata and rows of cells. One instance may be
 * served to many threads at once; each gets its own {@link DisconnectedResultSet} cursor over it.
 * Mutable cell values (byte arrays, {@code java.util.Date} subclasses) are copied on every read.
 */
public final class CachedResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<ColumnInfo> columns;
    private final List<Object[]> rows;
    private final long estimatedBytes;

    CachedResult(List<ColumnInfo> columns, List<Object[]> rows, long estimatedBytes) {
        this.columns = columns; // already immutable, and shared between results of one statement
        this.rows = List.copyOf(rows);
        this.estimatedBytes = estimatedBytes;
    }

    public List<ColumnInfo> columns() {
        return columns;
    }

    List<Object[]> rows() {
        return rows;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Estimated heap size, as counted against {@code strata.jdbc.max-cached-bytes}. */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "CachedResult[" + columns.size() + " columns, " + rows.size() + " rows, ~" + estimatedBytes + " B]";
    }
}
