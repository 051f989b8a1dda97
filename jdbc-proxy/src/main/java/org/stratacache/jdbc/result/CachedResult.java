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
    /**
     * The cells, row after row ({@code rowCount} rows of {@code columns.size()}): one array, so that serving a hit
     * reads the result and its cells rather than a list, its array and a row array on the way to each cell (on a
     * cache bigger than the processor's, each of those is a memory access of its own).
     */
    private final Object[] cells;
    private final int rowCount;
    /**
     * Bit {@code i} set: in every row, column {@code i + 1} (of the first 64) holds a value {@code getObject} hands
     * out as stored ({@link DisconnectedResultSet#handedOutAsStored}), so it hands the cell out without looking at
     * it.
     */
    private final long plainColumns;
    private final long estimatedBytes;

    CachedResult(ResultColumns columns, List<Object[]> rows, long estimatedBytes) {
        this.columns = columns; // shared between results of one statement
        int width = columns.size();
        this.rowCount = rows.size();
        this.cells = new Object[Math.multiplyExact(rowCount, width)];
        for (int r = 0; r < rowCount; r++) {
            Object[] row = rows.get(r);
            if (row.length != width) {
                throw new IllegalArgumentException("row " + (r + 1) + " has " + row.length + " cells for " + width
                        + " columns");
            }
            System.arraycopy(row, 0, cells, r * width, width);
        }
        this.estimatedBytes = estimatedBytes;
        this.plainColumns = plainColumns(width, rows);
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

    /** The cells, row after row; never modified (read-only to the result sets that share it). */
    Object[] cells() {
        return cells;
    }

    public int rowCount() {
        return rowCount;
    }

    /** Estimated heap size, as counted against {@code strata.jdbc.max-cached-bytes}. */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "CachedResult[" + columns.size() + " columns, " + rowCount + " rows, ~" + estimatedBytes + " B]";
    }
}
