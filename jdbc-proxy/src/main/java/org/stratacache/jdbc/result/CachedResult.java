package org.stratacache.jdbc.result;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    /**
     * What every result set served from this result shares, built on first use: its metadata and its column
     * labels (a hit would otherwise build both again for each result set it hands out). Derived, so not
     * serialized.
     */
    private transient volatile CachedMetaData metaData;
    private transient volatile Map<String, Integer> labels;

    CachedResult(List<ColumnInfo> columns, List<Object[]> rows, long estimatedBytes) {
        this.columns = columns; // already immutable, and shared between results of one statement
        this.rows = List.copyOf(rows);
        this.estimatedBytes = estimatedBytes;
    }

    public List<ColumnInfo> columns() {
        return columns;
    }

    CachedMetaData metaData() {
        CachedMetaData m = metaData;
        if (m == null) {
            m = new CachedMetaData(columns);
            metaData = m;
        }
        return m;
    }

    Map<String, Integer> labels() {
        Map<String, Integer> m = labels;
        if (m == null) {
            m = labelsOf(columns);
            labels = m;
        }
        return m;
    }

    /** Lower-cased label to 1-based index; the first column of a label wins, as JDBC specifies. */
    static Map<String, Integer> labelsOf(List<ColumnInfo> columns) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = columns.size(); i >= 1; i--) {
            m.put(columns.get(i - 1).label().toLowerCase(Locale.ROOT), i); // filled from the end: the first wins
        }
        return Collections.unmodifiableMap(m);
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
