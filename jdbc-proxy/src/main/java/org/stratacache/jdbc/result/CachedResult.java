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

    private final ResultColumns columns;
    private final List<Object[]> rows;
    /**
     * Bit {@code i} set: in every row, column {@code i + 1} (of the first 64) holds a value {@code getObject} hands
     * out as stored ({@link DisconnectedResultSet#handedOutAsStored}), so it hands the cell out without looking at
     * it.
     */
    private final long plainColumns;
    private final long estimatedBytes;

    CachedResult(ResultColumns columns, List<Object[]> rows, long estimatedBytes) {
        this.columns = columns; // shared between results of one statement
        this.rows = List.copyOf(rows);
        this.estimatedBytes = estimatedBytes;
        this.plainColumns = plainColumns(columns.size(), rows);
    }

    /** A result over columns of its own (tests, and results not read by a statement). */
    CachedResult(List<ColumnInfo> columns, List<Object[]> rows, long estimatedBytes) {
        this(new ResultColumns(List.copyOf(columns)), rows, estimatedBytes);
    }

    private static long plainColumns(int columns, List<Object[]> rows) {
        long plain = columns >= 64 ? -1L : (1L << columns) - 1;
        for (Object[] row : rows) {
            for (int i = 0; i < row.length && i < 64; i++) {
                if (!DisconnectedResultSet.handedOutAsStored(row[i])) {
                    plain &= ~(1L << i);
                }
            }
        }
        return plain;
    }

    public List<ColumnInfo> columns() {
        return columns.list();
    }

    /** The columns with the metadata and labels shared by the results of one statement. */
    public ResultColumns resultColumns() {
        return columns;
    }

    long plainColumns() {
        return plainColumns;
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
