package org.stratacache.jdbc.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A cached result keeps its cells in one array, row after row: whichever way the cursor gets to a row, every getter
 * reads that row's cells and no other's, and the cursor's bounds are the result's rows.
 */
class DisconnectedResultSetRowsTest {
    private static final int ROWS = 5;
    private static final int COLUMNS = 3;

    private static CachedResult result(int rows) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= COLUMNS; i++) {
            columns.add(new ColumnInfo("c" + i, "c" + i, Types.INTEGER, "int", Integer.class.getName(), 0, 0, 1, 10,
                    "", "", "", false, false, false, false, false, true, false, false));
        }
        List<Object[]> cells = new ArrayList<>();
        for (int r = 1; r <= rows; r++) {
            cells.add(new Object[] {r * 10 + 1, r * 10 + 2, r * 10 + 3});
        }
        return new CachedResult(columns, cells, 0);
    }

    /** Asserts the cursor is on row {@code r} (1-based) and every column reads that row's value. */
    private static void assertOn(DisconnectedResultSet rs, int r) throws SQLException {
        assertThat(rs.getRow()).isEqualTo(r);
        for (int c = 1; c <= COLUMNS; c++) {
            assertThat(rs.getInt(c)).as("row %d column %d", r, c).isEqualTo(r * 10 + c);
            assertThat(rs.getObject(c)).isEqualTo(r * 10 + c);
            assertThat(rs.getLong(c)).isEqualTo(r * 10 + c);
            assertThat(rs.getString("c" + c)).isEqualTo(Integer.toString(r * 10 + c));
        }
    }

    @Test
    void everyWayToARow_readsThatRowsCells() throws SQLException {
        DisconnectedResultSet rs = DisconnectedResultSet.of(result(ROWS), null);
        for (int r = 1; r <= ROWS; r++) {
            assertThat(rs.next()).isTrue();
            assertOn(rs, r);
        }
        assertThat(rs.next()).isFalse();
        assertThat(rs.isAfterLast()).isTrue();
        for (int r = ROWS; r >= 1; r--) {
            assertThat(rs.previous()).isTrue();
            assertOn(rs, r);
        }
        assertThat(rs.previous()).isFalse();
        assertThat(rs.isBeforeFirst()).isTrue();
        for (int r = 1; r <= ROWS; r++) {
            assertThat(rs.absolute(r)).isTrue();
            assertOn(rs, r);
            assertThat(rs.absolute(r - ROWS - 1)).isTrue();
            assertOn(rs, r);
        }
        assertThat(rs.first()).isTrue();
        assertThat(rs.relative(2)).isTrue();
        assertOn(rs, 3);
        assertThat(rs.last()).isTrue();
        assertThat(rs.isLast()).isTrue();
        assertOn(rs, ROWS);
        assertThat(rs.relative(1)).isFalse();
        assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class).hasMessageContaining("not on a row");
        assertThat(rs.absolute(ROWS + 7)).isFalse();
        assertThat(rs.relative(-ROWS)).isTrue();
        assertOn(rs, 1);
        assertThatThrownBy(() -> rs.getInt(COLUMNS + 1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void anEmptyResult_hasNoRowToGoTo() throws SQLException {
        DisconnectedResultSet rs = DisconnectedResultSet.of(result(0), null);
        assertThat(rs.next()).isFalse();
        assertThat(rs.isBeforeFirst()).isFalse();
        assertThat(rs.isAfterLast()).isFalse();
        assertThat(rs.first()).isFalse();
        assertThat(rs.last()).isFalse();
        assertThat(rs.getRow()).isZero();
    }

    @Test
    void aRowOfAnotherWidth_isRefusedWhenTheResultIsBuilt() {
        List<ColumnInfo> columns = result(1).columns();
        List<Object[]> rows = List.of(new Object[] {1, 2, 3}, new Object[] {4, 5});
        assertThatThrownBy(() -> new CachedResult(columns, rows, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 2 has 2 cells for 3 columns");
    }
}
