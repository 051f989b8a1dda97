package org.stratacache.jdbc.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads a live result into memory, up to a row and a byte limit.
 *
 * <p>The outcome says what the caller may do: a {@link Complete} result was read to its end and may be
 * cached; a {@link Partial} one hit a limit (or a value that cannot be cached safely) and keeps the rows
 * read so far plus the still-open live result, so the application can get every row without a second
 * execution; a {@link Live} one was not read at all because a column holds live handles (LOBs, arrays).
 *
 * <p>Per cell it keeps what the driver's {@code getObject} returned and, where the value alone would not
 * reproduce the driver's answer, the driver's {@code getString} text and its java.time value for
 * temporal columns (see {@link Cell}).
 */
public final class Materializer {
    private Materializer() {
    }

    /** The outcome of {@link #read}. */
    public sealed interface Outcome permits Complete, Partial, Live {
    }

    /** Every row was read; the live result is exhausted (the caller closes it). */
    public record Complete(CachedResult result) implements Outcome {
    }

    /** A limit was hit: {@code buffered} rows were read and {@code live} is positioned after them. */
    public record Partial(List<ColumnInfo> columns, List<Object[]> buffered, ResultSet live, String reason)
            implements Outcome {
    }

    /** Nothing was read: the result must go to the application as it is. */
    public record Live(ResultSet live, String reason) implements Outcome {
    }

    public static List<ColumnInfo> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<ColumnInfo> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(ColumnInfo.capture(md, i));
        }
        return columns;
    }

    /**
     * What one statement's materialisations carry from one result to the next; owned by that statement's read
     * path, empty at first, and learned again whenever the SQL text or the result's shape changes.
     * <ul>
     *   <li>The columns of its last result. When the next result of the same SQL text has the same shape (column
     *       count, and per column the label, JDBC type, type name, precision and scale), those very columns are
     *       used: the many cached results of one statement share one copy of their metadata, and a miss reads five
     *       attributes per column instead of twenty. What the shape does not cover (nullability, auto-increment,
     *       the column's table) can then only change by DDL on the table, and a driver that notices DDL
     *       re-describes the statement with a new shape. (Another text through the same {@code Statement} may
     *       select another table's columns of the same shape: it starts again.)</li>
     *   <li>Per column of that shape, whether the driver's text of a decimal in plain notation was found equal to
     *       {@code BigDecimal.toString()} (see {@link #captureCell}): how a driver writes a decimal depends on the
     *       column's type, precision and scale, which the shape fixes, not on the row or the execution.</li>
     * </ul>
     */
    public static final class Memory {
        /** Replaced whole, never changed but for its flags: a reader takes columns and flags that belong together. */
        private volatile Learned learned;
    }

    /** What {@link Memory} holds: the SQL text it was learned from, its result's columns, the decimal flags. */
    private record Learned(String sql, ResultColumns columns, boolean[] plainDecimalText) {
    }

    /** Reads {@code rs} up to the limits, knowing nothing of earlier results. Database errors propagate unchanged. */
    public static Outcome read(ResultSet rs, long maxRows, long maxBytes) throws SQLException {
        return read(rs, maxRows, maxBytes, null, new Memory());
    }

    /**
     * As {@link #read(ResultSet, long, long)} for a result of {@code sql}, reusing and updating what
     * {@code memory} learned of the statement's earlier results.
     */
    public static Outcome read(ResultSet rs, long maxRows, long maxBytes, String sql, Memory memory)
            throws SQLException {
        Learned known = memory.learned;
        if (known == null || !Objects.equals(known.sql(), sql)
                || !sameShape(rs.getMetaData(), known.columns().list())) {
            ResultColumns fresh = new ResultColumns(List.copyOf(columns(rs)));
            known = new Learned(sql, fresh, new boolean[fresh.size()]);
            memory.learned = known;
        }
        ResultColumns shared = known.columns();
        boolean[] plainDecimalText = known.plainDecimalText();
        List<ColumnInfo> columns = shared.list();
        for (ColumnInfo c : columns) {
            if (c.isLiveHandleType()) {
                return new Live(rs, "column " + c.label() + " of type " + c.typeName());
            }
        }
        long bytes = 64L + 64L * columns.size();
        List<Object[]> rows = new ArrayList<>();
        while (true) {
            if (rows.size() >= maxRows) {
                return new Partial(columns, rows, rs, "more than " + maxRows + " rows");
            }
            if (!rs.next()) {
                return new Complete(new CachedResult(shared, rows, bytes));
            }
            Object[] row = captureRow(rs, columns, plainDecimalText);
            rows.add(row);
            String unsafe = firstUncacheable(row);
            if (unsafe != null) {
                return new Partial(columns, rows, rs, "value of " + unsafe + " cannot be cached");
            }
            bytes += estimate(row);
            if (bytes > maxBytes) {
                return new Partial(columns, rows, rs, "more than " + maxBytes + " bytes");
            }
        }
    }

    private static boolean sameShape(ResultSetMetaData md, List<ColumnInfo> columns) throws SQLException {
        if (md.getColumnCount() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo c = columns.get(i);
            int column = i + 1;
            if (md.getColumnType(column) != c.jdbcType() || md.getPrecision(column) != c.precision()
                    || md.getScale(column) != c.scale()
                    || !Objects.equals(md.getColumnLabel(column), c.label())
                    || !Objects.equals(md.getColumnTypeName(column), c.typeName())) {
                return false;
            }
        }
        return true;
    }

    /** The current row of {@code rs}; see {@link #captureCell} for {@code plainDecimalText}. */
    static Object[] captureRow(ResultSet rs, List<ColumnInfo> columns, boolean[] plainDecimalText)
            throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = captureCell(rs, i + 1, columns.get(i), plainDecimalText, i);
        }
        return row;
    }

    /**
     * One cell. {@code plainDecimalText[index]} becomes true once the driver's text of a decimal in plain
     * notation equalled {@code BigDecimal.toString()} in a result of this shape ({@link Memory}): later plain
     * decimals of the column, in this result and the statement's next ones, skip {@code getString}, which costs
     * more than the rest of the row together. Decimals that {@code toString} would write with an exponent are
     * always compared.
     */
    private static Object captureCell(ResultSet rs, int column, ColumnInfo info, boolean[] plainDecimalText,
                                      int index) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        String text = null;
        boolean plainDecimal = value instanceof BigDecimal d && isPlain(d);
        if (!(value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || plainDecimal && plainDecimalText[index])) {
            String driverText = rs.getString(column);
            if (value instanceof byte[] || !String.valueOf(value).equals(driverText)) {
                text = driverText;
            } else if (plainDecimal) {
                plainDecimalText[index] = true;
            }
        }
        Object time = null;
        Class<?> temporal = info.temporalClass();
        if (temporal != null) {
            try {
                time = rs.getObject(column, temporal);
            } catch (SQLException | RuntimeException e) {
                // The driver cannot give this column as java.time: getters fall back to the value.
                time = null;
            }
        }
        Double driverDouble = null;
        if (value instanceof Float f) {
            double d = rs.getDouble(column);
            if (Double.compare(d, f.doubleValue()) != 0) {
                driverDouble = d;
            }
        }
        return text == null && time == null && driverDouble == null ? value
                : new Cell(value, text, time, driverDouble);
    }

    /** {@code toString} writes {@code d} without an exponent: scale not negative, adjusted exponent >= -6. */
    private static boolean isPlain(BigDecimal d) {
        return d.scale() >= 0 && d.precision() - d.scale() - 1 >= -6;
    }

    /** The class name of a value that is mutable in unknown ways or a live handle; null when all are safe. */
    private static String firstUncacheable(Object[] row) {
        for (Object cell : row) {
            Object v = cell instanceof Cell c ? c.value() : cell;
            if (v != null && !isSafeValue(v)) {
                return v.getClass().getName();
            }
        }
        return null;
    }

    private static boolean isSafeValue(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Long || v instanceof BigDecimal
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof Boolean || v instanceof BigInteger || v instanceof byte[] || v instanceof UUID
                || v instanceof java.util.Date || v instanceof java.time.temporal.TemporalAccessor
                || v instanceof java.time.Duration || v instanceof java.time.Period || v instanceof Character;
    }

    private static long estimate(Object[] row) {
        long bytes = 16 + 8L * row.length;
        for (Object cell : row) {
            if (cell instanceof Cell c) {
                bytes += 32 + estimateValue(c.value()) + estimateValue(c.text()) + estimateValue(c.time());
            } else {
                bytes += estimateValue(cell);
            }
        }
        return bytes;
    }

    private static long estimateValue(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            return 40 + 2L * s.length();
        }
        if (v instanceof byte[] b) {
            return 16 + b.length;
        }
        if (v instanceof BigDecimal || v instanceof BigInteger) {
            return 64;
        }
        return 24;
    }
}
