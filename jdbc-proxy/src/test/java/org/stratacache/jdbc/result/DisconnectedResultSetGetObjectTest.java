package org.stratacache.jdbc.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * getObject(column, Class) of a cached result, one target type at a time, without a database: the conversion
 * table's rows, the types it does not list, null, and the errors (type, message, SQLState). The comparison with
 * real drivers is {@code GetterDifferentialTest}.
 */
class DisconnectedResultSetGetObjectTest {
    private static final OffsetDateTime ODT =
            OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 500_000_000, ZoneOffset.ofHours(2));
    private static final LocalDateTime LDT = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000);

    @Test
    void getObject_ofANullCell_isNullForEveryType() throws SQLException {
        DisconnectedResultSet rs = OneRow.of((Object) null);
        for (Class<?> type : List.of(String.class, Integer.class, UUID.class, LocalDate.class, Object.class,
                Map.class)) {
            assertThat(rs.getObject(1, type)).as(type.getName()).isNull();
            assertThat(rs.wasNull()).isTrue();
        }
    }

    @Test
    void getObject_ofANullType_isRefused() throws SQLException {
        assertThatThrownBy(() -> OneRow.of(1).getObject(1, (Class<?>) null))
                .isInstanceOf(SQLException.class).hasMessage("type must not be null")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY009");
    }

    @Test
    void getObject_asAJdbcType_answersAsItsGetter() throws SQLException {
        DisconnectedResultSet rs = OneRow.of(" 42 ", new BigDecimal("1234.567"), true, new byte[] {1, 2},
                Timestamp.valueOf("2024-02-29 23:59:59.5"));
        assertThat(rs.getObject(1, String.class)).isEqualTo(" 42 ");
        assertThat(rs.getObject(1, Integer.class)).isEqualTo(42);
        assertThat(rs.getObject(1, Long.class)).isEqualTo(42L);
        assertThat(rs.getObject(1, Short.class)).isEqualTo((short) 42);
        assertThat(rs.getObject(1, Byte.class)).isEqualTo((byte) 42);
        assertThat(rs.getObject(2, Double.class)).isEqualTo(1234.567d);
        assertThat(rs.getObject(2, Float.class)).isEqualTo(1234.567f);
        assertThat(rs.getObject(2, BigDecimal.class)).isEqualTo(new BigDecimal("1234.567"));
        assertThat(rs.getObject(2, BigInteger.class)).isEqualTo(BigInteger.valueOf(1234));
        assertThat(rs.getObject(3, Boolean.class)).isTrue();
        assertThat(rs.getObject(4, byte[].class)).containsExactly(1, 2).isNotSameAs(rs.getObject(4, byte[].class));
        assertThat(rs.getObject(5, Timestamp.class)).isEqualTo(rs.getTimestamp(5));
        assertThat(rs.getObject(5, Date.class)).isEqualTo(rs.getDate(5));
        assertThat(rs.getObject(5, Time.class)).isEqualTo(rs.getTime(5));
    }

    @Test
    void getObject_asAnUuid_takesTheValueOrParsesTheText() throws SQLException {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        DisconnectedResultSet rs = OneRow.of(id, " " + id + " ", "not a uuid");
        assertThat(rs.getObject(1, UUID.class)).isSameAs(id);
        assertThat(rs.getObject(2, UUID.class)).isEqualTo(id);
        assertThatThrownBy(() -> rs.getObject(3, UUID.class)).isInstanceOf(SQLException.class)
                .hasMessage("cannot convert String value of column c3 (t3) to java.util.UUID")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22018");
    }

    @Test
    void getObject_asJavaTime_derivesFromTheDriversTemporalValue() throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        DisconnectedResultSet rs = OneRow.of(
                new Cell(Timestamp.from(ODT.toInstant()), "2024-03-01 10:00:00.5+02", ODT, null),
                new Cell(Timestamp.valueOf(LDT), LDT.toString(), LDT, null), LocalDate.of(2024, 2, 29),
                Time.valueOf("13:14:15"), OffsetTime.of(10, 11, 12, 0, ZoneOffset.UTC));
        assertThat(rs.getObject(1, OffsetDateTime.class)).isEqualTo(ODT);
        assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(ODT.atZoneSameInstant(zone).toLocalDateTime());
        assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(ODT.atZoneSameInstant(zone).toLocalDate());
        assertThat(rs.getObject(1, Instant.class)).isEqualTo(ODT.toInstant());
        assertThat(rs.getObject(1, ZonedDateTime.class)).isEqualTo(ODT.toZonedDateTime());
        assertThat(rs.getObject(1, Object.class)).isEqualTo(ODT); // the temporal value, not the Timestamp
        assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(LDT);
        assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LDT.toLocalDate());
        assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LDT.toLocalTime());
        assertThat(rs.getObject(2, OffsetDateTime.class)).isEqualTo(LDT.atZone(zone).toOffsetDateTime());
        assertThat(rs.getObject(2, Instant.class)).isEqualTo(LDT.atZone(zone).toInstant());
        assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(LocalDate.of(2024, 2, 29).atStartOfDay());
        assertThat(rs.getObject(3, OffsetDateTime.class))
                .isEqualTo(LocalDate.of(2024, 2, 29).atStartOfDay(zone).toOffsetDateTime());
        assertThat(rs.getObject(4, LocalTime.class)).isEqualTo(LocalTime.of(13, 14, 15));
        assertThat(rs.getObject(5, OffsetTime.class)).isEqualTo(OffsetTime.of(10, 11, 12, 0, ZoneOffset.UTC));
    }

    @Test
    void getObject_asATypeNotConvertedTo_isTheValueWhenItIsOne_copiedWhenMutable() throws SQLException {
        Timestamp ts = Timestamp.valueOf("2024-02-29 23:59:59.5");
        DisconnectedResultSet rs = OneRow.of("text", ts, 7L);
        assertThat(rs.getObject(1, CharSequence.class)).isSameAs(rs.getObject(1));
        assertThat(rs.getObject(2, java.util.Date.class)).isEqualTo(ts).isNotSameAs(ts);
        assertThat(rs.getObject(3, Number.class)).isEqualTo(7L);
    }

    @Test
    void getObject_asATypeTheValueCannotBecome_failsWithTheColumnAndTypes() throws SQLException {
        DisconnectedResultSet rs = OneRow.of(LocalTime.of(1, 2), "x", 3_000_000_000L, "abc");
        expectError(() -> rs.getObject(1, Instant.class), "cannot convert LocalTime value of column c1 (t1) to "
                + "java.time.Instant", "22018");
        expectError(() -> rs.getObject(2, StringBuilder.class), "cannot convert String value of column c2 (t2) to "
                + "java.lang.StringBuilder", "22018");
        expectError(() -> rs.getObject(2, int.class), "cannot convert String value of column c2 (t2) to int", "22018");
        expectError(() -> rs.getObject(3, Integer.class), "value 3000000000 of column 3 is out of range for int",
                "22003");
        expectError(() -> rs.getObject(4, BigInteger.class), "cannot convert String value of column c4 (t4) to "
                + "BigDecimal", "22018");
    }

    private static void expectError(ThrowingCall call, String message, String sqlState) {
        assertThatThrownBy(call::run).isExactlyInstanceOf(SQLException.class).hasMessage(message)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(sqlState);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run() throws SQLException;
    }

    @Test
    void getObject_byLabel_answersAsByIndex() throws SQLException {
        DisconnectedResultSet rs = OneRow.of("17");
        assertThat(rs.getObject("C1", Integer.class)).isEqualTo(17);
        assertThat(rs.getObject("c1", String.class)).isEqualTo("17");
    }
}
