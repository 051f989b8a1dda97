package org.stratacache.jdbc.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

import org.junit.jupiter.api.Test;

/**
 * What a statement's {@link Materializer.Memory} carries from one result to the next: the shared columns and the
 * per-column finding that the driver writes plain decimals as {@code BigDecimal.toString()} does. Each result here is
 * a one-row, one-decimal-column stub whose driver text is chosen, so it shows when the driver's {@code getString} is
 * asked and what the cached result then answers.
 */
class MaterializerMemoryTest {
    private static final String SQL = "select price from item where id = ?";

    @Test
    void aFindingIsReused_forTheSameTextAndShape() throws SQLException {
        Materializer.Memory memory = new Materializer.Memory();
        OneDecimal first = new OneDecimal("price", 2, new BigDecimal("1.50"), "1.50");
        CachedResult a = read(first, SQL, memory);
        assertThat(first.getStringCalls).isEqualTo(1);

        OneDecimal second = new OneDecimal("price", 2, new BigDecimal("2.25"), "2.25");
        CachedResult b = read(second, SQL, memory);
        assertThat(second.getStringCalls).as("the driver's text was learned equal for this column").isZero();
        assertThat(b.resultColumns()).isSameAs(a.resultColumns());
        assertThat(stringOf(b)).isEqualTo("2.25");
    }

    @Test
    void anotherShape_startsAgain_andKeepsTheDriversText() throws SQLException {
        Materializer.Memory memory = new Materializer.Memory();
        CachedResult a = read(new OneDecimal("price", 2, new BigDecimal("1.50"), "1.50"), SQL, memory);

        // the column's scale changed (DDL): the driver may write it otherwise, so its text is asked again
        OneDecimal rescaled = new OneDecimal("price", 3, new BigDecimal("2.5"), "2.500");
        CachedResult b = read(rescaled, SQL, memory);
        assertThat(rescaled.getStringCalls).isEqualTo(1);
        assertThat(b.resultColumns()).isNotSameAs(a.resultColumns());
        assertThat(b.columns().get(0).scale()).isEqualTo(3);
        assertThat(stringOf(b)).isEqualTo("2.500");
    }

    @Test
    void anotherText_startsAgain_evenWithTheSameShape() throws SQLException {
        Materializer.Memory memory = new Materializer.Memory();
        CachedResult a = read(new OneDecimal("price", 2, new BigDecimal("1.50"), "1.50"), SQL, memory);

        // one Statement, another text selecting a column of the same shape from another table
        OneDecimal other = new OneDecimal("price", 2, new BigDecimal("7.5"), "7.50");
        other.table = "archived_item";
        CachedResult b = read(other, "select price from archived_item where id = ?", memory);
        assertThat(other.getStringCalls).isEqualTo(1);
        assertThat(b.resultColumns()).isNotSameAs(a.resultColumns());
        assertThat(b.columns().get(0).tableName()).isEqualTo("archived_item");
        assertThat(stringOf(b)).isEqualTo("7.50");
    }

    @Test
    void aDriverTextThatDiffers_isKept_andNotLearned() throws SQLException {
        Materializer.Memory memory = new Materializer.Memory();
        CachedResult a = read(new OneDecimal("price", 2, new BigDecimal("1.5"), "1.50"), SQL, memory);
        assertThat(stringOf(a)).isEqualTo("1.50");

        OneDecimal next = new OneDecimal("price", 2, new BigDecimal("2.5"), "2.50");
        CachedResult b = read(next, SQL, memory);
        assertThat(next.getStringCalls).as("nothing was learned from a text that differed").isEqualTo(1);
        assertThat(stringOf(b)).isEqualTo("2.50");
    }

    private static CachedResult read(OneDecimal driver, String sql, Materializer.Memory memory) throws SQLException {
        Materializer.Outcome outcome = Materializer.read(driver.resultSet(), 100, 1 << 20, sql, memory);
        assertThat(outcome).isInstanceOf(Materializer.Complete.class);
        return ((Materializer.Complete) outcome).result();
    }

    private static String stringOf(CachedResult result) throws SQLException {
        DisconnectedResultSet rs = DisconnectedResultSet.of(result, null);
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
    }

    /** A driver's result of one row with one DECIMAL column, counting the calls of {@code getString}. */
    private static final class OneDecimal {
        private final String label;
        private final int scale;
        private final BigDecimal value;
        private final String driverText;
        private String table = "item";
        private int getStringCalls;
        private boolean onRow;
        private boolean done;

        OneDecimal(String label, int scale, BigDecimal value, String driverText) {
            this.label = label;
            this.scale = scale;
            this.value = value;
            this.driverText = driverText;
        }

        ResultSet resultSet() {
            ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ResultSetMetaData.class}, (self, method, args) -> switch (method.getName()) {
                        case "getColumnCount" -> 1;
                        case "getColumnLabel", "getColumnName" -> label;
                        case "getColumnType" -> Types.DECIMAL;
                        case "getColumnTypeName" -> "DECIMAL";
                        case "getColumnClassName" -> BigDecimal.class.getName();
                        case "getPrecision" -> 10;
                        case "getScale" -> scale;
                        case "getTableName" -> table;
                        case "getSchemaName", "getCatalogName" -> "";
                        case "isNullable", "getColumnDisplaySize" -> 1;
                        default -> method.getReturnType() == boolean.class ? false : null;
                    });
            return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getMetaData" -> md;
                        case "next" -> {
                            onRow = !done;
                            done = true;
                            yield onRow;
                        }
                        case "getObject" -> value;
                        case "getString" -> {
                            getStringCalls++;
                            yield driverText;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
