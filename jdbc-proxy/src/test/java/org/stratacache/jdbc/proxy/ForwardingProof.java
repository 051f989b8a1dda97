package org.stratacache.jdbc.proxy;

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
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.assertj.core.api.SoftAssertions;

/**
 * The machinery of the proofs that Strata's hand-written JDBC wrappers forward completely
 * ({@link LiveResultSetForwardingTest}, {@link StatementForwardingTest}): a driver object that records each call,
 * sample arguments distinct from each other (a swapped pair shows), and the checks themselves.
 */
final class ForwardingProof {
    private ForwardingProof() {
    }

    /** The public instance methods of {@code type}, its super-interfaces' included (Wrapper, AutoCloseable). */
    static List<Method> methodsOf(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        return methods;
    }

    /** The methods of {@code iface} that {@code impl} leaves to the interface's default (so never forwards). */
    static List<String> notDeclared(Class<?> iface, Class<?> impl) {
        List<String> inherited = new ArrayList<>();
        for (Method m : methodsOf(iface)) {
            try {
                if (impl.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass().isInterface()) {
                    inherited.add(signature(m));
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        return inherited;
    }

    /**
     * Every method of {@code iface} not in {@code notForwarded}, called on {@code wrap} of a recording driver
     * object, reaches the driver exactly once with the very arguments given, and answers what the driver answered
     * unless it is in {@code answeredHere}.
     */
    static <T> void assertForwards(SoftAssertions softly, Class<T> iface, UnaryOperator<T> wrap,
                                   Set<String> answeredHere, Set<String> notForwarded) throws IllegalAccessException {
        for (Method m : methodsOf(iface)) {
            if (notForwarded.contains(signature(m))) {
                continue;
            }
            Recorder recorder = new Recorder(null);
            T wrapper = wrap.apply(recorder.of(iface));
            Object[] args = arguments(m);

            Object answer;
            try {
                answer = m.invoke(wrapper, args);
            } catch (InvocationTargetException e) {
                softly.fail(signature(m) + " threw " + e.getCause());
                continue;
            }

            List<Call> expected = List.of(new Call(m, args, null));
            softly.assertThat(recorder.calls).as(signature(m))
                    .usingElementComparator(ForwardingProof::sameCall).isEqualTo(expected);
            if (recorder.calls.size() != 1 || answeredHere.contains(signature(m))) {
                continue;
            }
            Object driverAnswer = recorder.calls.get(0).answer;
            if (m.getReturnType().isPrimitive()) {
                softly.assertThat(answer).as(signature(m) + " answer").isEqualTo(driverAnswer);
            } else {
                softly.assertThat(answer).as(signature(m) + " answer").isSameAs(driverAnswer);
            }
        }
    }

    /** What the driver throws from a method not in {@code skipped} comes out of the wrapper as the same object. */
    static <T> void assertDriversExceptionsPassThrough(SoftAssertions softly, Class<T> iface, UnaryOperator<T> wrap,
                                                       Set<String> skipped) {
        for (Method m : methodsOf(iface)) {
            if (skipped.contains(signature(m))) {
                continue;
            }
            SQLException failure = new SQLException("from the driver: " + m.getName(), "XX000");
            T wrapper = wrap.apply(new Recorder(failure).of(iface));

            Throwable thrown = catchThrowable(() -> m.invoke(wrapper, arguments(m)));

            softly.assertThat(thrown).as(signature(m)).isInstanceOf(InvocationTargetException.class);
            softly.assertThat(thrown == null ? null : thrown.getCause()).as(signature(m)).isSameAs(failure);
        }
    }

    static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /** A driver object that records each call and answers a fresh sample value, or throws {@code failure}. */
    static final class Recorder {
        final List<Call> calls = new ArrayList<>();
        private final SQLException failure;

        Recorder(SQLException failure) {
            this.failure = failure;
        }

        <T> T of(Class<T> type) {
            return proxy(type, (self, method, args) -> {
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

    record Call(Method method, Object[] args, Object answer) {
        @Override
        public String toString() {
            return signature(method) + " with " + Arrays.toString(args);
        }
    }

    /** 0 when both calls are of the same method with the same arguments (identical, for objects). */
    static int sameCall(Call seen, Call given) {
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
    static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = sample(types[i], i + 1);
        }
        return args;
    }

    /** A value of {@code type}; primitives and strings differ by {@code n}, other values are fresh instances. */
    static Object sample(Class<?> type, int n) {
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
        samples.put(Class.class, CharSequence.class); // not a class a wrapper is, so unwrap asks the driver
        samples.put(byte[].class, new byte[] {(byte) n});
        samples.put(int[].class, new int[] {n});
        samples.put(long[].class, new long[] {n});
        samples.put(String[].class, new String[] {"column " + n});
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
    static <T> T inert(Class<T> type) {
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
    static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
