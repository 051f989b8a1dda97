package org.stratacache.jdbc.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The proof that the hand-written {@link ReadOnlyResultSetSupport} keeps its promise for every method of
 * {@link ResultSet}: each is implemented by it or by {@link DisconnectedResultSet} (none left to a JDBC default
 * but those listed in {@link #JDBC_DEFAULTS}); every mutator refuses with {@code SQLFeatureNotSupportedException};
 * every getter by label answers as the getter by index of the column it names.
 */
class ReadOnlyResultSetSupportTest {
    /**
     * ResultSet's default methods, left inherited: the JDK's body throws SQLFeatureNotSupportedException
     * ("updateObject not implemented"), which is the refusal a read-only result set owes.
     */
    private static final Set<String> JDBC_DEFAULTS = Set.of("updateObject(int, Object, SQLType)",
            "updateObject(int, Object, SQLType, int)", "updateObject(String, Object, SQLType)",
            "updateObject(String, Object, SQLType, int)");

    /** What a call that would change the row or the result says: ReadOnlyResultSetSupport.readOnly(). */
    private static final String READ_ONLY = "a cached Strata result set is read-only (CONCUR_READ_ONLY)";

    @Test
    void everyResultSetMethod_isImplementedByTheReadOnlyClasses() throws NoSuchMethodException {
        List<String> inherited = new ArrayList<>();
        for (Method m : resultSetMethods()) {
            Method implementation = DisconnectedResultSet.class.getMethod(m.getName(), m.getParameterTypes());
            Class<?> owner = implementation.getDeclaringClass();
            if (owner != ReadOnlyResultSetSupport.class && owner != DisconnectedResultSet.class
                    || Modifier.isAbstract(implementation.getModifiers())) {
                inherited.add(signature(m));
            }
        }
        assertThat(inherited).containsExactlyInAnyOrderElementsOf(JDBC_DEFAULTS);
    }

    @Test
    void everyGetterByLabel_andEveryUpdate_isFinalInTheSupportClass() throws NoSuchMethodException {
        List<String> notThere = new ArrayList<>();
        for (Method m : resultSetMethods()) {
            if (isGetterByLabel(m) || m.getName().startsWith("update") && !JDBC_DEFAULTS.contains(signature(m))) {
                Method declared = ReadOnlyResultSetSupport.class.getMethod(m.getName(), m.getParameterTypes());
                if (declared.getDeclaringClass() != ReadOnlyResultSetSupport.class
                        || !Modifier.isFinal(declared.getModifiers())) {
                    notThere.add(signature(m));
                }
            }
        }
        assertThat(notThere).isEmpty();
    }

    @Test
    void everyMutator_refuses_asReadOnly() throws SQLException {
        DisconnectedResultSet rs = OneRow.of(42, "text");
        SoftAssertions softly = new SoftAssertions();
        int mutators = 0;
        for (Method m : resultSetMethods()) {
            if (!isMutator(m)) {
                continue;
            }
            mutators++;
            Throwable thrown = catchThrowable(() -> m.invoke(rs, arguments(m, 1, "c1")));
            Throwable refusal = thrown instanceof InvocationTargetException e ? e.getCause() : thrown;

            softly.assertThat(refusal).as(signature(m)).isInstanceOf(SQLFeatureNotSupportedException.class);
            if (refusal instanceof SQLException e && !JDBC_DEFAULTS.contains(signature(m))) {
                softly.assertThat(e.getMessage()).as(signature(m)).isEqualTo(READ_ONLY);
                softly.assertThat(e.getSQLState()).as(signature(m)).isEqualTo("0A000");
            }
        }
        softly.assertAll();
        assertThat(mutators).as("update…, insertRow, deleteRow, refreshRow, cancelRowUpdates, moveToInsertRow")
                .isEqualTo(92);
        assertThat(rs.getObject(1)).isEqualTo(42);
        assertThat(rs.getObject(2)).isEqualTo("text");
    }

    @Test
    void everyGetterByLabel_answersAsTheGetterByIndex() throws Exception {
        Object[] cells = {42, " 17 ", new BigDecimal("1.5"), true, new byte[] {1, -1},
            Timestamp.valueOf("2024-02-29 23:59:59.5"),
            new Cell(Timestamp.valueOf("2024-02-29 23:59:59.5"), "2024-02-29 23:59:59.5",
                    LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000), null), "http://example.org/", null};
        DisconnectedResultSet rs = OneRow.of(cells);
        SoftAssertions softly = new SoftAssertions();
        for (Method byLabel : resultSetMethods()) {
            if (!isGetterByLabel(byLabel)) {
                continue;
            }
            Class<?>[] types = byLabel.getParameterTypes().clone();
            types[0] = int.class;
            Method byIndex = ResultSet.class.getMethod(byLabel.getName(), types);
            for (int column = 1; column <= cells.length; column++) {
                String asByLabel = outcome(rs, byLabel, arguments(byLabel, column, "C" + column));
                boolean wasNullByLabel = rs.wasNull();
                String asByIndex = outcome(rs, byIndex, arguments(byIndex, column, "C" + column));
                softly.assertThat(asByLabel).as(signature(byLabel) + " of column " + column).isEqualTo(asByIndex);
                softly.assertThat(wasNullByLabel).as(signature(byLabel) + " wasNull, column " + column)
                        .isEqualTo(rs.wasNull());
            }
            softly.assertThat(outcome(rs, byLabel, arguments(byLabel, 1, "nope"))).as(signature(byLabel))
                    .isEqualTo("SQLException: no column labelled 'nope' in this result [42703]");
        }
        softly.assertAll();
    }

    // ---- the machinery ----------------------------------------------------------------------------

    private static List<Method> resultSetMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method m : ResultSet.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        return methods;
    }

    private static boolean isGetterByLabel(Method m) {
        return m.getName().startsWith("get") && m.getParameterCount() > 0 && m.getParameterTypes()[0] == String.class;
    }

    private static boolean isMutator(Method m) {
        return m.getName().startsWith("update") || Set.of("insertRow", "deleteRow", "refreshRow",
                "cancelRowUpdates", "moveToInsertRow").contains(m.getName());
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /** Arguments for {@code m}: the column first (by index or label), then a plain value of each type. */
    private static Object[] arguments(Method m, int column, String label) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            args[i] = i == 0 && t == int.class ? column
                    : i == 0 && t == String.class ? label
                    : t == int.class ? 2
                    : t == long.class ? 2L
                    : t == boolean.class ? true
                    : t == byte.class ? (byte) 2
                    : t == short.class ? (short) 2
                    : t == float.class ? 2f
                    : t == double.class ? 2d
                    : t == Calendar.class ? Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"))
                    : t == Class.class ? String.class
                    : t == Map.class ? Map.of()
                    : null;
        }
        return args;
    }

    /** What {@code m} answered, comparably: the value (streams read out), or the exception it threw. */
    private static String outcome(ResultSet rs, Method m, Object[] args) throws Exception {
        Object value;
        try {
            value = m.invoke(rs, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            return t.getClass().getSimpleName() + ": " + t.getMessage()
                    + (t instanceof SQLException s ? " [" + s.getSQLState() + "]" : "");
        }
        if (value instanceof InputStream in) {
            value = in.readAllBytes();
        } else if (value instanceof Reader reader) {
            StringBuilder text = new StringBuilder();
            reader.transferTo(new java.io.StringWriter() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    text.append(cbuf, off, len);
                }
            });
            value = text.toString();
        }
        String text = value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
        return (value == null ? "null" : value.getClass().getName()) + ": " + text;
    }
}
