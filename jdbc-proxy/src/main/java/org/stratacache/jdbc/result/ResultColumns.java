package org.stratacache.jdbc.result;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a result, with what every result set served over them shares: the metadata and the column
 * labels, built on first use. One instance serves all the cached results of one statement's SQL text that have the
 * same shape ({@link Materializer.Memory}), so a hit finds them built and
 * in the processor's cache rather than one copy per cached result. The derived parts are not serialized.
 */
public final class ResultColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<ColumnInfo> list;
    private transient volatile CachedMetaData metaData;
    private transient volatile Map<String, Integer> labels;

    /** @param list the columns in order; kept as given, so immutable */
    ResultColumns(List<ColumnInfo> list) {
        this.list = list;
    }

    public List<ColumnInfo> list() {
        return list;
    }

    int size() {
        return list.size();
    }

    CachedMetaData metaData() {
        CachedMetaData m = metaData;
        if (m == null) {
            m = new CachedMetaData(list);
            metaData = m;
        }
        return m;
    }

    Map<String, Integer> labels() {
        Map<String, Integer> m = labels;
        if (m == null) {
            m = labelsOf(list);
            labels = m;
        }
        return m;
    }

    /** Lower-cased label to 1-based index; the first column of a label wins, as JDBC specifies. */
    private static Map<String, Integer> labelsOf(List<ColumnInfo> columns) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = columns.size(); i >= 1; i--) {
            m.put(columns.get(i - 1).label().toLowerCase(Locale.ROOT), i); // filled from the end: the first wins
        }
        return Collections.unmodifiableMap(m);
    }
}
