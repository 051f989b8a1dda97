package org.stratacache.jdbc.result;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A read-only result set over rows held in memory: a cache hit, or a miss small enough to be cached.
 * Scrollable with {@code TYPE_SCROLL_INSENSITIVE} semantics, {@code CONCUR_READ_ONLY}, and disconnected:
 * it never touches the database. Not thread-safe (one cursor per result set, as JDBC requires); the
 * {@link CachedResult} behind it is shared and never modified.
 *
 * <p><b>Streaming mode.</b> When a result was bigger than the cache limits, the same class serves the rows
 * read so far and then continues from the still-open live result one row at a time; it is then
 * forward-only (as the statement that produced it) and closing it closes the live result.
 *
 * <p><b>Getters.</b> Each cell holds the driver's {@code getObject} value, plus its {@code getString}
 * text and its java.time value when those cannot be derived (see {@link Cell}). Getters convert from these
 * as JDBC drivers do: numbers narrow like {@link Number#intValue()} etc.; text is parsed; temporal getters
 * use the driver's java.time value and the JVM default zone (or the given {@link Calendar}).
 */
public final class DisconnectedResultSet extends ReadOnlyResultSetSupport {
    /**
     * The columns, with the metadata and labels built once for them: a cached result's, shared by every result set
     * served from the results of its statement, or the streamed result's own.
     */
    private final ResultColumns columns;
    /**
     * A cached result's cells, row after row ({@link CachedResult#cells}); null when streaming. Reading a row is
     * then one array access from the result, not a list, then a row array, then the cell.
     */
    private final Object[] cells;
    /** The cached result's rows, or the streamed one's buffered rows. */
    private final int rowCount;
    /** Streaming only: the rows read before the result turned out too big to cache; else null. */
    private final List<Object[]> buffered;
    private final Statement statement;
    private final ResultSet live;
    /** Per column, for the rows still read from {@code live}: see {@link Materializer#captureRow}. */
    private final boolean[] plainDecimalText;
    /** The source's {@link CachedResult#plainColumns}; 0 when streaming. */
    private final long plainColumns;
    private int cursor;
    /** The array holding the current row's cells ({@link #cells}, or a streamed row's own); null when on none. */
    private Object[] current;
    /** Where the current row starts in {@link #current}. */
    private int currentStart;
    private boolean liveExhausted;
    private boolean wasNull;
    private boolean closed;
    private int fetchSize;

    /*
     * Its fields are what one cursor needs and no more: a hit allocates this object, so a field added here is bytes
     * on every hit (what the served result holds is read through it, not copied into it).
     */
    private DisconnectedResultSet(ResultColumns columns, CachedResult source, List<Object[]> buffered,
                                  Statement statement, ResultSet live) {
        this.columns = columns;
        this.cells = source != null ? source.cells() : null;
        this.rowCount = source != null ? source.rowCount() : buffered.size();
        this.buffered = buffered;
        this.statement = statement;
        this.live = live;
        this.plainDecimalText = live == null ? null : new boolean[columns.size()];
        this.plainColumns = source != null ? source.plainColumns() : 0;
    }

    /** A scrollable cursor over a cached (or cacheable) result. */
    public static DisconnectedResultSet of(CachedResult result, Statement statement) {
        return new DisconnectedResultSet(result.resultColumns(), result, null, statement, null);
    }

    /** A forward-only cursor: the buffered rows, then the rest of {@code live}. */
    public static DisconnectedResultSet streaming(Materializer.Partial partial, Statement statement) {
        return new DisconnectedResultSet(new ResultColumns(partial.columns()), null, partial.buffered(), statement,
                partial.live());
    }

    // ---- navigation -------------------------------------------------------------------------------

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (live != null) {
            return nextStreaming();
        }
        if (cursor <= rowCount) {
            cursor++;
        }
        return position();
    }

    private boolean nextStreaming() throws SQLException {
        if (cursor < rowCount) { // the buffered rows first: the cursor counts them until they run out
            current = buffered.get(cursor);
            currentStart = 0;
            cursor++;
            return true;
        }
        if (!liveExhausted && live.next()) {
            current = Materializer.captureRow(live, columns.list(), plainDecimalText);
            currentStart = 0;
            cursor++;
            return true;
        }
        liveExhausted = true;
        current = null;
        cursor = Integer.MAX_VALUE;
        return false;
    }

    private boolean position() {
        if (cursor >= 1 && cursor <= rowCount) {
            current = cells;
            currentStart = (cursor - 1) * columns.size();
            return true;
        }
        current = null;
        return false;
    }

    @Override
    public boolean previous() throws SQLException {
        scrollable();
        if (cursor > 0) {
            cursor--;
        }
        return position();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        scrollable();
        int n = rowCount;
        if (row > 0) {
            cursor = Math.min(row, n + 1);
        } else if (row < 0) {
            cursor = Math.max(n + 1 + row, 0);
        } else {
            cursor = 0;
        }
        return position();
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        scrollable();
        long target = (long) cursor + delta;
        cursor = (int) Math.max(0, Math.min(target, rowCount + 1L));
        return position();
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public void beforeFirst() throws SQLException {
        scrollable();
        cursor = 0;
        position();
    }

    @Override
    public void afterLast() throws SQLException {
        scrollable();
        cursor = rowCount + 1;
        position();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return live == null ? cursor == 0 && rowCount > 0 : cursor == 0 && (rowCount > 0 || !liveExhausted);
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return live == null ? cursor > rowCount && rowCount > 0 : liveExhausted && cursor > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return cursor == 1 && current != null;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (live != null) {
            throw new SQLFeatureNotSupportedException("isLast() on a streamed (uncached) Strata result", "0A000");
        }
        return cursor == rowCount && current != null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null ? 0 : cursor;
    }

    private void scrollable() throws SQLException {
        checkOpen();
        if (live != null) {
            throw new SQLException("the result set is TYPE_FORWARD_ONLY (a result too big to cache, streamed "
                    + "from the database)", "24000");
        }
    }

    // ---- state ------------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        if (live != null) {
            live.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("a cached Strata result set has no cursor name", "0A000");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return columns.metaData();
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        Integer i = label == null ? null : columns.labels().get(label.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new SQLException("no column labelled '" + label + "' in this result", "42703");
        }
        return i;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD && (live != null || (direction != FETCH_REVERSE && direction != FETCH_UNKNOWN))) {
            throw new SQLException("unsupported fetch direction " + direction, "HY024");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must not be negative: " + rows, "HY024");
        }
        this.fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return live == null ? TYPE_SCROLL_INSENSITIVE : TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        checkOpen();
    }

    // ---- cell access ------------------------------------------------------------------------------

    /** The raw cell of the current row (a value or a {@link Cell}); sets wasNull. */
    private Object cell(int column) throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException("the cursor is not on a row (call next() first)", "24000");
        }
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column index " + column + " out of range 1.." + columns.size(), "07009");
        }
        Object c = current[currentStart + column - 1];
        wasNull = c == null;
        return c;
    }

    private Object value(int column) throws SQLException {
        Object c = cell(column);
        return c instanceof Cell cell ? cell.value() : c;
    }

    private Object time(int column) throws SQLException {
        Object c = cell(column);
        if (c instanceof Cell cell) {
            return cell.time() != null ? cell.time() : cell.value();
        }
        return c;
    }

    private SQLException conversion(int column, Object v, String target) {
        return new SQLException("cannot convert " + v.getClass().getSimpleName() + " value of column "
                + columns.list().get(column - 1).label() + " (" + columns.list().get(column - 1).typeName() + ") to "
                + target,
                "22018");
    }

    @Override
    public Object getObject(int column) throws SQLException {
        if (column <= 64 && (plainColumns & (1L << (column - 1))) != 0) {
            return cell(column); // nothing to unwrap or copy in this column: the value is not even looked at
        }
        return copyIfMutable(value(column));
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        return getObject(column);
    }

    /**
     * Whether {@code getObject} hands this stored cell out as it is: it is no {@link Cell} to unwrap and nothing
     * {@link #copyIfMutable} copies. ({@link CachedResult} marks the columns where every cell is such a one.)
     */
    static boolean handedOutAsStored(Object cell) {
        return !(cell instanceof Cell || cell instanceof byte[] || cell instanceof java.util.Date);
    }

    private static Object copyIfMutable(Object v) {
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof java.util.Date d) {
            return d.clone();
        }
        return v;
    }

    @Override
    public String getString(int column) throws SQLException {
        Object c = cell(column);
        if (c == null) {
            return null;
        }
        if (c instanceof Cell cell) {
            return cell.text() != null ? cell.text() : String.valueOf(cell.value());
        }
        return c instanceof String s ? s : String.valueOf(c);
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "t", "true", "1", "y", "yes", "on":
                return true;
            case "f", "false", "0", "n", "no", "off":
                return false;
            default:
                throw conversion(column, v, "boolean");
        }
    }

    private Number number(int column, String target) throws SQLException {
        return number(column, cell(column), target);
    }

    /** As {@link #number(int, String)}, given the column's raw cell (a value or a {@link Cell}). */
    private Number number(int column, Object cell, String target) throws SQLException {
        Object v = cell instanceof Cell c ? c.value() : cell;
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String || v instanceof Character) {
            try {
                return new BigDecimal(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw conversion(column, v, target);
            }
        }
        throw conversion(column, v, target);
    }

    private long integral(int column, String target, long min, long max) throws SQLException {
        Number n = number(column, target);
        if (n == null) {
            return 0;
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            if (l < min || l > max) {
                throw new SQLException("value " + l + " of column " + column + " is out of range for " + target,
                        "22003");
            }
            return l;
        }
        BigDecimal d = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
        BigInteger whole = d.setScale(0, RoundingMode.DOWN).toBigInteger();
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new SQLException("value " + d + " of column " + column + " is out of range for " + target,
                    "22003");
        }
        return whole.longValue();
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) integral(column, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) integral(column, "short", Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public int getInt(int column) throws SQLException {
        Object c = current != null && column >= 1 && column <= columns.size() && !closed
                ? current[currentStart + column - 1] : null;
        if (c instanceof Integer i) {
            // Hot path: the overwhelmingly common INTEGER column.
            wasNull = false;
            return i;
        }
        return (int) integral(column, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return integral(column, "long", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public float getFloat(int column) throws SQLException {
        Number n = number(column, "float");
        return n == null ? 0f : n.floatValue();
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Object raw = cell(column);
        if (raw instanceof Cell cell && cell.driverDouble() != null) {
            return cell.driverDouble();
        }
        Number n = number(column, raw, "double");
        return n == null ? 0d : n.doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object raw = cell(column);
        Number n = number(column, raw, "BigDecimal");
        if (n == null) {
            return null;
        }
        if (n instanceof BigDecimal d) {
            // The driver's text differs from d.toString() (a negative scale: pgjdbc's getObject gives 1.23E+4,
            // its getBigDecimal parses the text 12300): answer as the driver's getBigDecimal does.
            if (raw instanceof Cell cell && cell.text() != null) {
                try {
                    return new BigDecimal(cell.text().strip());
                } catch (NumberFormatException notANumber) {
                    return d;
                }
            }
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(column);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof String str) {
            return str.getBytes(StandardCharsets.UTF_8);
        }
        throw conversion(column, v, "byte[]");
    }

    // ---- temporal ---------------------------------------------------------------------------------

    @Override
    public Date getDate(int column) throws SQLException {
        return getDate(column, (Calendar) null);
    }

    @Override
    public Date getDate(int column, Calendar cal) throws SQLException {
        Object t = time(column);
        if (t == null) {
            return null;
        }
        if (t instanceof LocalDate d) {
            return cal == null ? Date.valueOf(d) : new Date(d.atStartOfDay(zone(cal)).toInstant().toEpochMilli());
        }
        if (t instanceof LocalDateTime ldt) {
            return cal == null ? Date.valueOf(ldt.toLocalDate())
                    : new Date(ldt.toLocalDate().atStartOfDay(zone(cal)).toInstant().toEpochMilli());
        }
        if (t instanceof OffsetDateTime odt) {
            return Date.valueOf(odt.atZoneSameInstant(zone(cal)).toLocalDate());
        }
        if (t instanceof java.util.Date d) {
            return new Date(d.getTime());
        }
        try {
            return Date.valueOf(LocalDate.parse(getString(column).trim()));
        } catch (RuntimeException e) {
            throw conversion(column, t, "Date");
        }
    }

    @Override
    public Time getTime(int column) throws SQLException {
        return getTime(column, (Calendar) null);
    }

    @Override
    public Time getTime(int column, Calendar cal) throws SQLException {
        Object v = value(column);
        Object t = time(column);
        if (t == null) {
            return null;
        }
        if (cal == null && v instanceof Time tm) {
            return (Time) tm.clone();
        }
        if (t instanceof LocalTime lt) {
            long millis = lt.atDate(LocalDate.of(1970, 1, 1)).atZone(zone(cal)).toInstant().toEpochMilli();
            return new Time(millis);
        }
        if (t instanceof OffsetTime ot) {
            return new Time(ot.atDate(LocalDate.of(1970, 1, 1)).toInstant().toEpochMilli());
        }
        if (t instanceof LocalDateTime ldt) {
            return timeOfDay(ldt.toLocalTime(), cal);
        }
        if (t instanceof OffsetDateTime odt) {
            return timeOfDay(odt.atZoneSameInstant(zone(cal)).toLocalTime(), cal);
        }
        if (t instanceof Timestamp ts) {
            return timeOfDay(ts.toLocalDateTime().toLocalTime(), cal);
        }
        throw conversion(column, t, "Time");
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        return getTimestamp(column, (Calendar) null);
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
        Object v = value(column);
        Object t = time(column);
        if (t == null) {
            return null;
        }
        if (cal == null && v instanceof Timestamp ts) {
            return (Timestamp) ts.clone();
        }
        if (t instanceof LocalDateTime ldt) {
            return cal == null ? Timestamp.valueOf(ldt) : Timestamp.from(ldt.atZone(zone(cal)).toInstant());
        }
        if (t instanceof OffsetDateTime odt) {
            return Timestamp.from(odt.toInstant());
        }
        if (t instanceof LocalDate d) {
            return cal == null ? Timestamp.valueOf(d.atStartOfDay()) : Timestamp.from(d.atStartOfDay(zone(cal)).toInstant());
        }
        if (t instanceof LocalTime lt) {
            return Timestamp.valueOf(lt.atDate(LocalDate.of(1970, 1, 1)));
        }
        if (t instanceof java.util.Date d) {
            return new Timestamp(d.getTime());
        }
        throw conversion(column, t, "Timestamp");
    }

    /** The time of day on 1970-01-01, as drivers return TIME values. */
    private static Time timeOfDay(LocalTime lt, Calendar cal) {
        return new Time(lt.atDate(LocalDate.of(1970, 1, 1)).atZone(zone(cal)).toInstant().toEpochMilli());
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    // ---- getObject(int, Class) --------------------------------------------------------------------

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("type must not be null", "HY009");
        }
        Object v = value(column);
        if (v == null) {
            return null;
        }
        try {
            return type.cast(convert(column, v, type));
        } catch (RuntimeException e) {
            throw conversion(column, v, type.getName());
        }
    }

    /** {@code v}, the non-null value of {@code column}, as {@code type}; a RuntimeException means "cannot convert". */
    private Object convert(int column, Object v, Class<?> type) throws SQLException {
        Converter converter = CONVERTERS.get(type);
        return converter != null ? converter.convert(this, column, v) : asInstance(column, v, type, NOT_DERIVED);
    }

    /** One row of {@link #CONVERTERS}: the cell value {@code v} (not null) of {@code column} as the row's type. */
    @FunctionalInterface
    private interface Converter {
        Object convert(DisconnectedResultSet rs, int column, Object v) throws SQLException;
    }

    /** A getter by column index, as a {@link Converter} reads it. */
    @FunctionalInterface
    private interface Getter {
        Object get(DisconnectedResultSet rs, int column) throws SQLException;
    }

    private static final UnaryOperator<Object> NOT_DERIVED = t -> null;

    /**
     * getObject(column, type) by target type. The JDBC types answer as their getter does; UUID parses the text;
     * the java.time types take the column's temporal value (see {@link #asInstance}) and derive from it what a
     * driver would. A type not listed gets the temporal value or the value itself when it is one, else a
     * conversion error (22018).
     */
    private static final Map<Class<?>, Converter> CONVERTERS = Map.ofEntries(
            getter(String.class, DisconnectedResultSet::getString),
            getter(Integer.class, DisconnectedResultSet::getInt),
            getter(Long.class, DisconnectedResultSet::getLong),
            getter(Short.class, DisconnectedResultSet::getShort),
            getter(Byte.class, DisconnectedResultSet::getByte),
            getter(Double.class, DisconnectedResultSet::getDouble),
            getter(Float.class, DisconnectedResultSet::getFloat),
            getter(BigDecimal.class, DisconnectedResultSet::getBigDecimal),
            getter(BigInteger.class, (rs, column) -> rs.getBigDecimal(column).toBigInteger()),
            getter(Boolean.class, DisconnectedResultSet::getBoolean),
            getter(byte[].class, DisconnectedResultSet::getBytes),
            getter(Date.class, DisconnectedResultSet::getDate),
            getter(Time.class, DisconnectedResultSet::getTime),
            getter(Timestamp.class, DisconnectedResultSet::getTimestamp),
            Map.entry(UUID.class, (rs, column, v) -> v instanceof UUID u ? u
                    : UUID.fromString(rs.getString(column).trim())),
            fromTime(LocalDateTime.class, t -> t instanceof OffsetDateTime odt
                    ? odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime()
                    : t instanceof Timestamp ts ? ts.toLocalDateTime()
                    : t instanceof LocalDate d ? d.atStartOfDay()
                    : null),
            fromTime(LocalDate.class, t -> t instanceof LocalDateTime ldt ? ldt.toLocalDate()
                    : t instanceof OffsetDateTime odt ? odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDate()
                    : t instanceof Date d ? d.toLocalDate()
                    : null),
            fromTime(LocalTime.class, t -> t instanceof LocalDateTime ldt ? ldt.toLocalTime()
                    : t instanceof Time tm ? tm.toLocalTime()
                    : null),
            fromTime(OffsetDateTime.class, t -> t instanceof LocalDateTime ldt
                    ? ldt.atZone(ZoneId.systemDefault()).toOffsetDateTime()
                    : t instanceof LocalDate d ? d.atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime()
                    : null),
            fromTime(Instant.class, t -> t instanceof OffsetDateTime odt ? odt.toInstant()
                    : t instanceof LocalDateTime ldt ? ldt.atZone(ZoneId.systemDefault()).toInstant()
                    : t instanceof Timestamp ts ? ts.toInstant()
                    : null),
            fromTime(ZonedDateTime.class, t -> t instanceof OffsetDateTime odt ? odt.toZonedDateTime() : null));

    private static Map.Entry<Class<?>, Converter> getter(Class<?> type, Getter getter) {
        return Map.entry(type, (rs, column, v) -> getter.get(rs, column));
    }

    /** {@code derive} makes a {@code type} from the column's temporal value, or answers null when it cannot. */
    private static Map.Entry<Class<?>, Converter> fromTime(Class<?> type, UnaryOperator<Object> derive) {
        return Map.entry(type, (rs, column, v) -> rs.asInstance(column, v, type, derive));
    }

    /**
     * The column's temporal value (see {@link #time}) when it is a {@code type}, else what {@code derive} makes of
     * it, else the value {@code v} when that is a {@code type}; mutable values are copied.
     */
    private Object asInstance(int column, Object v, Class<?> type, UnaryOperator<Object> derive) throws SQLException {
        Object t = time(column);
        if (type.isInstance(t)) {
            return copyIfMutable(t);
        }
        Object derived = derive.apply(t);
        if (derived != null) {
            return derived;
        }
        if (type.isInstance(v)) {
            return copyIfMutable(v);
        }
        throw conversion(column, v, type.getName());
    }

    // ---- streams and handles ----------------------------------------------------------------------

    @Override
    public InputStream getAsciiStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        return getCharacterStream(column);
    }

    @Override
    public URL getURL(int column) throws SQLException {
        String s = getString(column);
        if (s == null) {
            return null;
        }
        try {
            return new java.net.URI(s).toURL();
        } catch (Exception e) {
            throw new SQLException("column " + column + " does not hold a URL: " + s, "22018", e);
        }
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        throw handle("Ref");
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        throw handle("Blob");
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        throw handle("Clob");
    }

    @Override
    public Array getArray(int column) throws SQLException {
        throw handle("Array");
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        throw handle("RowId");
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        throw handle("NClob");
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        throw handle("SQLXML");
    }

    private static SQLException handle(String what) {
        // Results with LOB/array columns are never cached, so a caller only gets here on a column of
        // another type, where the real driver would refuse as well.
        return new SQLFeatureNotSupportedException("get" + what + " on a column that does not hold a " + what,
                "0A000");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "DisconnectedResultSet[" + columns.size() + " columns, " + (live == null ? rowCount + " rows"
                : "streaming") + ", row " + cursor + "]";
    }
}
