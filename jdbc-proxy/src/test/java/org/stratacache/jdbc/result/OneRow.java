package org.stratacache.jdbc.result;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** A cached result of one row, for tests that need no database. */
final class OneRow {
    private OneRow() {
    }

    /** A result set on its only row, holding {@code cells}; columns are labelled c1, c2, … and typed t1, t2, …. */
    static DisconnectedResultSet of(Object... cells) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= cells.length; i++) {
            columns.add(new ColumnInfo("c" + i, "c" + i, Types.OTHER, "t" + i, Object.class.getName(), 0, 0, 1, 10,
                    "", "", "", false, false, false, false, false, true, false, false));
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(cells);
        DisconnectedResultSet rs = DisconnectedResultSet.of(new CachedResult(columns, rows, 0), null);
        rs.next();
        return rs;
    }
}
