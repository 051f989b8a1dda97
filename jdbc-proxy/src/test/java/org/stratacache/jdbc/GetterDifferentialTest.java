package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Every getter of a cached result against the real driver's answer for the same query: the query runs
 * straight on the database, then through Strata twice (miss, then hit); for every row, column and getter
 * the answers (value, or "threw") must be equal, and so must every metadata property.
 */
class GetterDifferentialTest {
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    private static final Calendar TOKYO = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));

    @Test
    void everyGetter_onH2_matchesTheDriver() throws Exception {
        DataSource raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create table t(id int primary key, i int, b bigint, s smallint, ti tinyint, "
                        + "d decimal(12,3), dp double precision, r real, vc varchar(40), ch char(5), bo boolean, "
                        + "vb varbinary(16), dt date, tm time, ts timestamp(6), tz timestamp(6) with time zone, "
                        + "u uuid, ttz time with time zone)",
                "insert into t values (1, 42, 9000000000, 7, 3, 1234.5, 2.5, 1.25, 'hello', 'ab', true, X'0102ff', "
                        + "date '2024-02-29', time '13:14:15', timestamp '2024-02-29 23:59:59.123456', "
                        + "timestamp with time zone '2024-03-01 10:00:00.5+02:00', "
                        + "'123e4567-e89b-12d3-a456-426614174000', time with time zone '10:11:12+03:00')",
                "insert into t(id) values (2)",
                "insert into t values (3, -1, -9, 0, -128, -0.001, 1e300, -3.5, '17', '1    ', false, X'', "
                        + "date '1969-12-31', time '00:00:00', timestamp '1970-01-01 00:00:00', "
                        + "timestamp with time zone '1999-12-31 23:59:59-08:00', "
                        + "'00000000-0000-0000-0000-000000000000', time with time zone '23:59:59Z')",
                "insert into t(id, r) values (4, 0.1), (5, 3.4e38), (6, -1.1)");
        compare(raw, "select * from t order by id");
    }

    @Test
    void everyGetter_onPostgres_matchesTheDriver() throws Exception {
        DataSource raw = Postgres.connectOrSkip();
        String table = "getters_" + Long.toHexString(System.nanoTime());
        Databases.exec(raw, "drop table if exists " + table,
                "create table " + table + "(id int primary key, i int, b bigint, s smallint, d numeric(12,3), "
                        + "dp double precision, r real, vc varchar(40), ch char(5), tx text, bo boolean, by bytea, "
                        + "dt date, tm time, ts timestamp, tz timestamptz, u uuid, ttz timetz, big numeric, "
                        + "ns numeric(5,-2))",
                "insert into " + table + " values (1, 42, 9000000000, 7, 1234.5, 2.5, 1.25, 'hello', 'ab', 'text', "
                        + "true, '\\x0102ff', '2024-02-29', '13:14:15', '2024-02-29 23:59:59.123456', "
                        + "'2024-03-01 10:00:00.5+02', '123e4567-e89b-12d3-a456-426614174000', '10:11:12+03', "
                        + "123456789012345678901234567890.5, 12345)",
                "insert into " + table + "(id) values (2)",
                "insert into " + table + " values (3, -1, -9, 0, -0.001, 1e300, -3.5, '17', '1', '', false, '', "
                        + "'1969-12-31', '00:00:00', '1970-01-01 00:00:00', '1999-12-31 23:59:59-08', "
                        + "'00000000-0000-0000-0000-000000000000', '23:59:59Z', 1e-5, -99)",
                // decimals after plain ones in the same column: one BigDecimal.toString writes with an exponent
                "insert into " + table + "(id, d, big) values (4, 0.5, 0.0000001), (5, 100, 1e20), (6, 0, -0.00000012)",
                // reals whose driver getDouble is not the float widened (pgjdbc parses the text)
                "insert into " + table + "(id, r) values (7, 0.1), (8, 3.4e38), (9, -1.1)");
        try {
            compare(raw, "select * from " + table + " order by id");
        } finally {
            Databases.exec(raw, "drop table " + table);
        }
    }

    /**
     * One prepared statement run for one row after another, each a miss that stores, then each again as a hit:
     * what a statement learns from its earlier results (their columns, how the driver writes a plain decimal)
     * must not change what a later result answers, whatever form its decimals take.
     */
    @Test
    void decimals_acrossExecutionsOfOneStatement_onH2_matchTheDriver() throws Exception {
        DataSource raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create table dec_rows(id int primary key, d decimal(12,3), n numeric(40,10), f decfloat)",
                "insert into dec_rows values (1, 1234.5, 0.5, 150), (2, -0.001, 0.0000001, 0.5), "
                        + "(3, 0, 100000000000000000000, 1e20), (4, 7, -0.00000012, -0.00000012), "
                        + "(5, null, null, null), (6, 99.999, 12345678901234567890.5, 12345678901234567890.5)");
        compareAcrossExecutions(raw, "select d, n, f from dec_rows where id = ?", 6);
    }

    @Test
    void decimals_acrossExecutionsOfOneStatement_onPostgres_matchTheDriver() throws Exception {
        DataSource raw = Postgres.connectOrSkip();
        String table = "dec_rows_" + Long.toHexString(System.nanoTime());
        Databases.exec(raw, "drop table if exists " + table,
                // no negative-scale numeric here: pgjdbc decodes those with a scale that depends on the statement's
                // execution count (text, then binary transfer), so even two direct statements disagree
                "create table " + table + "(id int primary key, d numeric(12,3), big numeric)",
                "insert into " + table + " values (1, 1234.5, 0.5), (2, -0.001, 0.0000001), "
                        + "(3, 0, 1e20), (4, 7, -0.00000012), (5, null, null), "
                        + "(6, 99.999, 123456789012345678901234567890.5)");
        try {
            compareAcrossExecutions(raw, "select d, big from " + table + " where id = ?", 6);
        } finally {
            Databases.exec(raw, "drop table " + table);
        }
    }

    /** Runs {@code sql} for the ids 1..{@code rows}: on the driver, then through one Strata statement twice. */
    private static void compareAcrossExecutions(DataSource raw, String sql, int rows) throws Exception {
        List<String> direct = new ArrayList<>();
        try (Connection c = raw.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int id = 1; id <= rows; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    direct.addAll(answers(rs));
                }
            }
        }
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            List<String> miss = new ArrayList<>();
            List<String> hit = new ArrayList<>();
            try (Connection c = ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                for (List<String> pass : List.of(miss, hit)) {
                    for (int id = 1; id <= rows; id++) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            pass.addAll(answers(rs));
                        }
                    }
                }
            }
            assertThat(ds.statistics().misses()).isEqualTo(rows);
            assertThat(ds.statistics().hits()).isEqualTo(rows);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < direct.size(); i++) {
                if (direct.get(i).startsWith("natural ") && !direct.get(i).equals(hit.get(i))) {
                    mismatches.add("driver: " + direct.get(i) + "\n  strata: " + hit.get(i));
                }
            }
            assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
            assertThat(miss).isEqualTo(hit);
        }
    }

    private static void compare(DataSource raw, String sql) throws Exception {
        List<String> direct;
        try (Connection c = raw.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            direct = answers(rs);
        }
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            List<String> miss;
            List<String> hit;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    miss = answers(rs);
                }
                try (ResultSet rs = s.executeQuery(sql)) {
                    hit = answers(rs);
                }
            }
            assertThat(ds.statistics().hits()).isEqualTo(1);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < direct.size(); i++) {
                String d = direct.get(i);
                String h = hit.get(i);
                if (h.contains("threw") && !h.contains("threw SQLException")) {
                    mismatches.add("strata threw a non-SQLException: " + h);
                }
                if (d.startsWith("natural ") && !d.equals(h)) {
                    mismatches.add("driver: " + d + "\n  strata: " + h);
                }
            }
            assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
            assertThat(miss).isEqualTo(hit);
        }
    }

    /** Every getter's answer for every column of every row, as comparable lines. */
    private static List<String> answers(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            int col = c;
            out.add("meta " + c + " " + md.getColumnName(c) + "|" + md.getColumnLabel(c) + "|" + md.getColumnType(c)
                    + "|" + md.getColumnTypeName(c) + "|" + md.getColumnClassName(c) + "|" + md.getPrecision(c) + "|"
                    + md.getScale(c) + "|" + md.isNullable(c) + "|" + md.getTableName(c) + "|" + md.isSigned(c)
                    + "|" + md.getColumnDisplaySize(c) + "|" + md.isAutoIncrement(c) + "|" + md.isCaseSensitive(c));
        }
        while (rs.next()) {
            int row = rs.getRow();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                int col = c;
                String label = md.getColumnLabel(c);
                Map<String, Getter> getters = new LinkedHashMap<>();
                getters.put("getObject", () -> rs.getObject(col));
                getters.put("getString", () -> rs.getString(col));
                getters.put("getString(label)", () -> rs.getString(label));
                getters.put("getInt", () -> rs.getInt(col));
                getters.put("getLong", () -> rs.getLong(col));
                getters.put("getShort", () -> rs.getShort(col));
                getters.put("getByte", () -> rs.getByte(col));
                getters.put("getDouble", () -> rs.getDouble(col));
                getters.put("getFloat", () -> rs.getFloat(col));
                getters.put("getBigDecimal", () -> rs.getBigDecimal(col));
                getters.put("getBoolean", () -> rs.getBoolean(col));
                getters.put("getBytes", () -> rs.getBytes(col));
                getters.put("getDate", () -> rs.getDate(col));
                getters.put("getTime", () -> rs.getTime(col));
                getters.put("getTimestamp", () -> rs.getTimestamp(col));
                getters.put("getDate(UTC)", () -> rs.getDate(col, UTC));
                getters.put("getTimestamp(UTC)", () -> rs.getTimestamp(col, UTC));
                getters.put("getTimestamp(Tokyo)", () -> rs.getTimestamp(col, TOKYO));
                getters.put("getTime(UTC)", () -> rs.getTime(col, UTC));
                getters.put("as String", () -> rs.getObject(col, String.class));
                getters.put("as Integer", () -> rs.getObject(col, Integer.class));
                getters.put("as Long", () -> rs.getObject(col, Long.class));
                getters.put("as BigDecimal", () -> rs.getObject(col, BigDecimal.class));
                getters.put("as Double", () -> rs.getObject(col, Double.class));
                getters.put("as Boolean", () -> rs.getObject(col, Boolean.class));
                getters.put("as LocalDate", () -> rs.getObject(col, LocalDate.class));
                getters.put("as LocalTime", () -> rs.getObject(col, LocalTime.class));
                getters.put("as LocalDateTime", () -> rs.getObject(col, LocalDateTime.class));
                getters.put("as OffsetDateTime", () -> rs.getObject(col, OffsetDateTime.class));
                getters.put("as Instant", () -> rs.getObject(col, Instant.class));
                getters.put("as UUID", () -> rs.getObject(col, UUID.class));
                getters.put("as byte[]", () -> rs.getObject(col, byte[].class));
                Set<String> natural = natural(md.getColumnType(c), md.getColumnTypeName(c));
                for (Map.Entry<String, Getter> g : getters.entrySet()) {
                    String prefix = natural.contains(g.getKey()) || g.getKey().startsWith("getObject")
                            || g.getKey().startsWith("getString") ? "natural " : "other ";
                    out.add(prefix + "row " + row + " " + label + " " + g.getKey() + " = "
                            + answer(rs, g.getValue()));
                }
            }
        }
        return out;
    }

    /**
     * The getters an application uses for a column of this type (JDBC 4.2 tables B-3/B-6 and the
     * getObject(Class) target of the type). These must answer exactly as the driver does; other conversions
     * follow the JDBC conversion table, where drivers disagree among themselves (see the README).
     */
    private static Set<String> natural(int type, String typeName) {
        String tn = typeName.toLowerCase(java.util.Locale.ROOT);
        if (tn.equals("uuid")) {
            return Set.of("as UUID");
        }
        switch (type) {
            case Types.TINYINT, Types.SMALLINT:
                return Set.of("getInt", "getLong", "getShort", "getDouble", "getBigDecimal");
            case Types.INTEGER:
                return Set.of("getInt", "getLong", "getDouble", "getBigDecimal", "as Integer");
            case Types.BIGINT:
                return Set.of("getLong", "getDouble", "getBigDecimal", "as Long");
            case Types.DECIMAL, Types.NUMERIC:
                return Set.of("getBigDecimal", "getDouble", "as BigDecimal");
            case Types.DOUBLE, Types.FLOAT:
                return Set.of("getDouble", "getFloat", "as Double");
            case Types.REAL:
                return Set.of("getDouble", "getFloat");
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR:
                return Set.of("as String");
            case Types.BOOLEAN, Types.BIT:
                return Set.of("getBoolean", "as Boolean");
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY:
                return Set.of("getBytes", "as byte[]");
            case Types.DATE:
                return Set.of("getDate", "getDate(UTC)", "getTimestamp", "as LocalDate");
            case Types.TIME:
                return tn.contains("tz") || tn.contains("zone") ? Set.of() : Set.of("getTime", "getTime(UTC)", "as LocalTime");
            case Types.TIME_WITH_TIMEZONE:
                return Set.of();
            case Types.TIMESTAMP:
                return tn.contains("tz") || tn.contains("zone")
                        ? Set.of("getTimestamp", "getTimestamp(UTC)", "getTimestamp(Tokyo)", "as OffsetDateTime")
                        : Set.of("getTimestamp", "getTimestamp(UTC)", "getTimestamp(Tokyo)", "getDate",
                                "as LocalDateTime");
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return Set.of("getTimestamp", "getTimestamp(UTC)", "getTimestamp(Tokyo)", "as OffsetDateTime");
            default:
                return Set.of();
        }
    }

    interface Getter {
        Object get() throws SQLException;
    }

    private static String answer(ResultSet rs, Getter getter) {
        try {
            Object v = getter.get();
            return describe(v) + " wasNull=" + rs.wasNull();
        } catch (SQLException e) {
            return "threw SQLException";
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getSimpleName();
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[] b) {
            return "byte[]" + Arrays.toString(b);
        }
        if (v instanceof java.util.Date d) {
            return v.getClass().getSimpleName() + ":" + v + "@" + d.getTime();
        }
        return v.getClass().getSimpleName() + ":" + v;
    }
}
