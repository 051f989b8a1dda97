package org.stratacache.jdbc.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.sql.Array;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The proof that {@link LiveResultSet}'s hand-written forwarding is complete: every method of {@link ResultSet}
 * (with those of {@code Wrapper} and {@code AutoCloseable}) is declared by LiveResultSet, reaches the driver's
 * result set exactly once with the very arguments given, answers what the driver answered and lets what the
 * driver threw through unchanged. The few answers LiveResultSet makes itself are listed in
 * {@link #ANSWERED_HERE} with the reason, and have tests of their own.
 */
class LiveResultSetForwardingTest {
    /** Methods whose call reaches the driver but whose answer is LiveResultSet's own, and why. */
    private static final Map<String, String> ANSWERED_HERE = Map.of(
            "getStatement()", "the Strata statement, so that its connection's writes invalidate",
            "getArray(int)", "an array whose result sets lead back to the Strata statement",
            "getArray(String)", "an array whose result sets lead back to the Strata statement");

    private final Statement strataStatement = inert(Statement.class);

    @Test
    void everyResultSetMethod_isDeclaredByLiveResultSet() {
        List<String> inherited = new ArrayList<>();
        for (Method m : resultSetMethods()) {
            try {
                if (LiveResultSet.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass()
                        != LiveResultSet.class) {
                    inherited.add(signature(m));
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(inherited).as("inherited, so not forwarded (a JDBC default method)").isEmpty();
    }

    @Test
    void everyResultSetMethod_reachesTheDriverOnce_withTheSameArguments_andAnswersItsValue() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Method m : resultSetMethods()) {
            Recorder recorder = new Recorder(null);
            ResultSet live = LiveResultSet.wrap(recorder.resultSet(), strataStatement);
            Object[] args = arguments(m);

            Object answer;
            try {
                answer = m.invoke(live, args);
            } catch (InvocationTargetException e) {
                softly.fail(signature(m) + " threw " + e.getCause());
                continue;
            }

            List<Call> expected = List.of(new Call(m, args, null));
            softly.assertThat(recorder.calls).as(signature(m))
                    .usingElementComparator(LiveResultSetForwardingTest::sameCall).isEqualTo(expected);
            if (recorder.calls.size() != 1 || ANSWERED_HERE.containsKey(signature(m))) {
                continue;
            }
            Object driverAnswer = recorder.calls.get(0).answer;
            if (m.getReturnType().isPrimitive()) {
                softly.assertThat(answer).as(signature(m) + " answer").isEqualTo(driverAnswer);
            } else {
                softly.assertThat(answer).as(signature(m) + " answer").isSameAs(driverAnswer);
            }
        }
        softly.assertAll();
    }

    @Test
    void everyResultSetMethod_letsTheDriversExceptionThroughUnchanged() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Method m : resultSetMethods()) {
            SQLException failure = new SQLException("from the driver: " + m.getName(), "XX000");
            ResultSet live = LiveResultSet.wrap(new Recorder(failure).resultSet(), strataStatement);

            Throwable thrown = catchThrowable(() -> m.invoke(live, arguments(m)));

            softly.assertThat(thrown).as(signature(m)).isInstanceOf(InvocationTargetException.class);
            softly.assertThat(thrown == null ? null : thrown.getCause()).as(signature(m)).isSameAs(failure);
        }
        softly.assertAll();
    }

    @Test
    void theAnswersMadeHere_areListedFromResultSetsOwnMethods() {
        Set<String> all = new TreeSet<>();
        resultSetMethods().forEach(m -> all.add(signature(m)));
        assertThat(all).containsAll(ANSWERED_HERE.keySet());
    }

    @Test
    void getStatement_checksWithTheDriver_andAnswersTheStrataStatement() throws SQLException {
        Recorder recorder = new Recorder(null);
        ResultSet live = LiveResultSet.wrap(recorder.resultSet(), strataStatement);

        assertThat(live.getStatement()).isSameAs(strataStatement);
        assertThat(recorder.calls).extracting(c -> c.method.getName()).containsExactly("getStatement");
    }

    @Test
    void getArray_answersAnArrayWhoseResultSetsLeadBack() throws SQLException {
        Recorder arrayRows = new Recorder(null);
        Array driverArray = proxy(Array.class, (self, method, args) ->
                method.getName().equals("getResultSet") ? arrayRows.resultSet() : null);
        ResultSet driver = proxy(ResultSet.class, (self, method, args) ->
                method.getName().equals("getArray") ? driverArray : null);
        ResultSet live = LiveResultSet.wrap(driver, strataStatement);

        assertThat(live.getArray(1).getResultSet().getStatement()).isSameAs(strataStatement);
        assertThat(live.getArray("a").getResultSet().getStatement()).isSameAs(strataStatement);
    }

    @Test
    void getObject_ofAResultSet_leadsBack() throws SQLException {
        ResultSet cursor = new Recorder(null).resultSet();
        ResultSet driver = proxy(ResultSet.class, (self, method, args) ->
                method.getName().equals("getObject") ? cursor : null);
        ResultSet live = LiveResultSet.wrap(driver, strataStatement);

        assertThat(((ResultSet) live.getObject(1)).getStatement()).isSameAs(strataStatement);
        assertThat(((ResultSet) live.getObject("c")).getStatement()).isSameAs(strataStatement);
        assertThat(live.getObject(1, ResultSet.class).getStatement()).isSameAs(strataStatement);
        assertThat(((ResultSet) live.getObject(1, Map.of())).getStatement()).isSameAs(strataStatement);
    }

    @Test
    void unwrapAndIsWrapperFor_answerForLiveResultSetItself_withoutTheDriver() throws SQLException {
        Recorder recorder = new Recorder(null);
        ResultSet live = LiveResultSet.wrap(recorder.resultSet(), strataStatement);

        assertThat(live.unwrap(ResultSet.class)).isSameAs(live);
        assertThat(live.isWrapperFor(ResultSet.class)).isTrue();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void toString_namesTheDriversClass_withoutAskingTheDriver() {
        Recorder recorder = new Recorder(null);
        ResultSet driver = recorder.resultSet();

        assertThat(LiveResultSet.wrap(driver, strataStatement).toString())
                .isEqualTo("StrataResultSet[" + driver.getClass().getName() + "]");
        assertThat(recorder.calls).isEmpty();
    }

    // ---- the machinery ----------------------------------------------------------------------------

    /** ResultSet's public instance methods, its super-interfaces' included (Wrapper, AutoCloseable). */
    private static List<Method> resultSetMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method m : ResultSet.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        assertThat(methods).hasSizeGreaterThan(190);
        return methods;
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /** A driver result set that records each call and answers a fresh sample value, or throws {@code failure}. */
    private static final class Recorder {
        final List<Call> calls = new ArrayList<>();
        private final SQLException failure;

        Recorder(SQLException failure) {
            this.failure = failure;
        }

        ResultSet resultSet() {
            return proxy(ResultSet.class, (self, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return objectMethod(self, method, args);
                }
                Object answer = method.getReturnType() == void.class ? null : sample(method.getReturnType(), 0);
                calls.add(new Call(method, args == null ? new Object[0] : args, answer));
                if (failure != null) {
                    throw failure;
                }
                return answer;
            });
        }
    }

    private record Call(Method method, Object[] args, Object answer) {
        @Override
        public String toString() {
            return signature(method) + " with " + Arrays.toString(args);
        }
    }

    /** 0 when both calls are of the same method with the same arguments (identical, for objects). */
    private static int sameCall(Call seen, Call given) {
        if (!seen.method.equals(given.method) || seen.args.length != given.args.length) {
            return 1;
        }
        Class<?>[] types = given.method.getParameterTypes();
        for (int i = 0; i < given.args.length; i++) {
            boolean same = types[i].isPrimitive() ? seen.args[i].equals(given.args[i]) : seen.args[i] == given.args[i];
            if (!same) {
                return 1;
            }
        }
        return 0;
    }

    /** Arguments for {@code m}, each a sample value distinct from the others (a swapped pair shows). */
    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = sample(types[i], i + 1);
        }
        return args;
    }

    /** A value of {@code type}; primitives and strings differ by {@code n}, other values are fresh instances. */
    private static Object sample(Class<?> type, int n) {
        Map<Class<?>, Object> samples = new HashMap<>();
        samples.put(boolean.class, n % 2 == 0);
        samples.put(byte.class, (byte) (10 + n));
        samples.put(short.class, (short) (20 + n));
        samples.put(int.class, 30 + n);
        samples.put(long.class, 40L + n);
        samples.put(float.class, 50.5f + n);
        samples.put(double.class, 60.5d + n);
        samples.put(String.class, " value " + n + " "); // a trimmed or rebuilt copy would show
        samples.put(Object.class, new Object());
        samples.put(Class.class, CharSequence.class); // not a class LiveResultSet is, so unwrap asks the driver
        samples.put(byte[].class, new byte[] {(byte) n});
        samples.put(BigDecimal.class, new BigDecimal(n + ".5"));
        samples.put(InputStream.class, new ByteArrayInputStream(new byte[0]));
        samples.put(Reader.class, new StringReader(""));
        samples.put(Date.class, new Date(n));
        samples.put(Time.class, new Time(n));
        samples.put(Timestamp.class, new Timestamp(n));
        samples.put(Calendar.class, Calendar.getInstance());
        samples.put(Map.class, new HashMap<String, Class<?>>());
        samples.put(SQLType.class, JDBCType.values()[n]);
        samples.put(SQLWarning.class, new SQLWarning("sample " + n));
        samples.put(URL.class, url(n));
        if (samples.containsKey(type)) {
            return samples.get(type);
        }
        if (type.isInterface()) {
            return inert(type); // Array, Blob, Clob, NClob, Ref, RowId, SQLXML, ResultSetMetaData, Statement
        }
        throw new AssertionError("no sample value of " + type.getName() + ": add one");
    }

    private static URL url(int n) {
        try {
            return new URI("http://example.org/" + n).toURL();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A stand-in of {@code type} that only passes through: any call but Object's fails the test. */
    private static <T> T inert(Class<T> type) {
        return proxy(type, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args);
            }
            throw new AssertionError("the sample " + type.getSimpleName() + " was called: " + method.getName());
        });
    }

    private static Object objectMethod(Object self, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "proxy";
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
