package org.stratacache.jdbc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * The key an execution is cached under: equal exactly when the setters and their values are, whichever of the
 * key's forms ({@link ScalarSetter} bits, a plain value, a {@code Bound} record; inline or beyond the second
 * parameter) holds a parameter; and equal in serialized bytes too, as the distributed tier compares keys.
 */
class QueryKeyTest {
    private static final QueryKey.Shape SHAPE = new QueryKey.Shape("session", "select * from t where a = ?", 1003,
            1007, 1, 0, 1000);

    private static QueryKey key(Consumer<Parameters> binding) {
        Parameters p = new Parameters();
        binding.accept(p);
        return p.key(SHAPE);
    }

    /** Each binding of a parameter, at index {@code i}, that must give a key of its own. */
    private static List<Consumer<Parameters>> distinctBindings(int i) {
        List<Consumer<Parameters>> b = new ArrayList<>();
        b.add(p -> p.recordScalar(ScalarSetter.INT, i, 5));
        b.add(p -> p.recordScalar(ScalarSetter.INT, i, 6));
        b.add(p -> p.recordScalar(ScalarSetter.LONG, i, 5));
        b.add(p -> p.recordScalar(ScalarSetter.SHORT, i, 5));
        b.add(p -> p.recordScalar(ScalarSetter.BYTE, i, 5));
        b.add(p -> p.recordScalar(ScalarSetter.BOOLEAN, i, 1));
        b.add(p -> p.recordScalar(ScalarSetter.DOUBLE, i, Double.doubleToLongBits(5.0)));
        b.add(p -> p.recordScalar(ScalarSetter.DOUBLE, i, Double.doubleToLongBits(-0.0)));
        b.add(p -> p.recordScalar(ScalarSetter.DOUBLE, i, Double.doubleToLongBits(0.0)));
        b.add(p -> p.recordScalar(ScalarSetter.FLOAT, i, Float.floatToIntBits(5.0f)));
        b.add(p -> p.recordPlain("setString", i, "5"));
        b.add(p -> p.recordPlain("setNString", i, "5"));
        b.add(p -> p.recordPlain("setString", i, null));
        b.add(p -> p.recordPlain("setBigDecimal", i, new BigDecimal("5")));
        b.add(p -> p.recordPlain("setBigDecimal", i, new BigDecimal("5.0")));
        b.add(p -> p.record("setObject", new Object[] {i, 5}));
        b.add(p -> p.record("setObject", new Object[] {i, 5L}));
        b.add(p -> p.record("setObject", new Object[] {i, "5"}));
        b.add(p -> p.record("setObject", new Object[] {i, new BigDecimal("5")}));
        b.add(p -> p.record("setNull", new Object[] {i, java.sql.Types.INTEGER}));
        b.add(p -> p.record("setNull", new Object[] {i, java.sql.Types.VARCHAR}));
        b.add(p -> p.record("setTimestamp", new Object[] {i, new Timestamp(5)}));
        b.add(p -> p.record("setBytes", new Object[] {i, new byte[] {5}}));
        return b;
    }

    @Test
    void everyBindingIsItsOwnKey_atEachPosition() {
        for (int index : new int[] {1, 2, 3, 7}) {
            List<Consumer<Parameters>> bindings = distinctBindings(index);
            for (int a = 0; a < bindings.size(); a++) {
                for (int b = 0; b < bindings.size(); b++) {
                    int ia = a;
                    int ib = b;
                    QueryKey ka = key(p -> {
                        for (int j = 1; j < index; j++) {
                            p.recordScalar(ScalarSetter.INT, j, j); // the parameters before, the same in both keys
                        }
                        bindings.get(ia).accept(p);
                    });
                    QueryKey kb = key(p -> {
                        for (int j = 1; j < index; j++) {
                            p.recordScalar(ScalarSetter.INT, j, j);
                        }
                        bindings.get(ib).accept(p);
                    });
                    if (a == b) {
                        assertThat(ka).as("binding %d at %d", a, index).isEqualTo(kb).hasSameHashCodeAs(kb);
                    } else {
                        assertThat(ka).as("bindings %d and %d at %d", a, b, index).isNotEqualTo(kb);
                    }
                }
            }
        }
    }

    /**
     * An array parameter is keyed by its base type and a copy of its elements, compared as single values are: a
     * {@code Timestamp} element is not a {@code java.sql.Date} of the same millisecond (a list's own equals says it
     * is), and {@code byte[]} elements compare by content (by a list's own equals, never).
     */
    @Test
    void arrayElements_areComparedAsSingleValuesAre() {
        long millis = 1_700_000_000_123L;
        QueryKey timestamps = key(p -> p.record("setArray",
                new Object[] {1, array("timestamp", new Timestamp(millis))}));
        assertThat(timestamps)
                .isEqualTo(key(p -> p.record("setArray", new Object[] {1, array("timestamp", new Timestamp(millis))})))
                .isNotEqualTo(key(p -> p.record("setArray",
                        new Object[] {1, array("timestamp", new java.sql.Date(millis))})))
                .isNotEqualTo(key(p -> p.record("setArray", new Object[] {1, array("date", new Timestamp(millis))})));
        QueryKey bytes = key(p -> p.record("setArray", new Object[] {1, array("bytea", new byte[] {1, 2})}));
        assertThat(bytes)
                .isEqualTo(key(p -> p.record("setArray", new Object[] {1, array("bytea", new byte[] {1, 2})})))
                .hasSameHashCodeAs(key(p -> p.record("setArray", new Object[] {1, array("bytea", new byte[] {1, 2})})))
                .isNotEqualTo(key(p -> p.record("setArray", new Object[] {1, array("bytea", new byte[] {1, 3})})));
        QueryKey nested = key(p -> p.record("setArray",
                new Object[] {1, array("int4", new Object[] {new Integer[] {1, 2}, new Integer[] {3}})}));
        assertThat(nested)
                .isEqualTo(key(p -> p.record("setArray",
                        new Object[] {1, array("int4", new Object[] {new Integer[] {1, 2}, new Integer[] {3}})})))
                .isNotEqualTo(key(p -> p.record("setArray",
                        new Object[] {1, array("int4", new Object[] {new Long[] {1L, 2L}, new Long[] {3L}})})));
    }

    /** A driver's array of {@code elements}, as {@code Connection.createArrayOf} gives one. */
    private static java.sql.Array array(String baseType, Object... elements) {
        return (java.sql.Array) java.lang.reflect.Proxy.newProxyInstance(QueryKeyTest.class.getClassLoader(),
                new Class<?>[] {java.sql.Array.class}, (self, method, args) -> switch (method.getName()) {
                    case "getArray" -> elements.clone();
                    case "getBaseTypeName" -> baseType;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSetterThroughTheArgumentArray_keysAsItsOwnEntryPoint() {
        assertThat(key(p -> p.record("setInt", new Object[] {1, 5})))
                .isEqualTo(key(p -> p.recordScalar(ScalarSetter.INT, 1, 5)));
        assertThat(key(p -> p.record("setString", new Object[] {1, "x"})))
                .isEqualTo(key(p -> p.recordPlain("setString", 1, "x")));
        assertThat(key(p -> p.recordPlain("setDouble", 1, Double.NaN)))
                .isEqualTo(key(p -> p.recordScalar(ScalarSetter.DOUBLE, 1, Double.doubleToLongBits(Double.NaN))));
        // the statement's primitive setters encode through ScalarSetter.bits: the same key as the boxed value's
        assertThat(key(p -> p.recordPlain("setFloat", 1, -0.0f)))
                .isEqualTo(key(p -> p.recordScalar(ScalarSetter.FLOAT, 1, ScalarSetter.bits(-0.0f))))
                .isNotEqualTo(key(p -> p.recordScalar(ScalarSetter.FLOAT, 1, ScalarSetter.bits(0.0f))));
        assertThat(key(p -> p.recordPlain("setDouble", 1, 2.5)))
                .isEqualTo(key(p -> p.recordScalar(ScalarSetter.DOUBLE, 1, ScalarSetter.bits(2.5))));
        assertThat(key(p -> p.recordPlain("setBoolean", 1, true)))
                .isEqualTo(key(p -> p.recordScalar(ScalarSetter.BOOLEAN, 1, ScalarSetter.bits(true))))
                .isNotEqualTo(key(p -> p.recordScalar(ScalarSetter.BOOLEAN, 1, ScalarSetter.bits(false))));
    }

    @Test
    void unboundAndMissingParametersDiffer() {
        QueryKey one = key(p -> p.recordScalar(ScalarSetter.INT, 1, 5));
        QueryKey twoUnbound = key(p -> p.recordScalar(ScalarSetter.INT, 2, 5));
        QueryKey none = new QueryKey(SHAPE);
        assertThat(one).isNotEqualTo(twoUnbound).isNotEqualTo(none);
        assertThat(none).isEqualTo(key(p -> { }));
    }

    @Test
    void clearedParameters_leaveNothingBehind() {
        Parameters p = new Parameters();
        p.recordScalar(ScalarSetter.INT, 3, 9);
        p.clear();
        p.recordScalar(ScalarSetter.INT, 1, 5);
        assertThat(p.key(SHAPE)).isEqualTo(key(q -> q.recordScalar(ScalarSetter.INT, 1, 5)));
    }

    @Test
    void equalKeys_serializeToEqualBytes_andStayEqualAcrossJvms() throws Exception {
        Consumer<Parameters> binding = p -> {
            p.recordScalar(ScalarSetter.LONG, 1, 42);
            p.recordPlain("setString", 2, "x");
            p.recordScalar(ScalarSetter.DOUBLE, 3, Double.doubleToLongBits(1.5));
            p.record("setTimestamp", new Object[] {4, new Timestamp(7)});
        };
        QueryKey a = key(binding);
        QueryKey b = key(binding);
        assertThat(bytes(a)).isEqualTo(bytes(b));
        Object back = new ObjectInputStream(new ByteArrayInputStream(bytes(a))).readObject();
        assertThat(back).isEqualTo(a).hasSameHashCodeAs(a); // the hash is no enum's identity hash
    }

    @Test
    void writeBehindValues_areTheApplicationsValues() {
        Parameters p = new Parameters();
        p.recordScalar(ScalarSetter.INT, 1, -7);
        p.recordScalar(ScalarSetter.LONG, 2, Long.MIN_VALUE);
        p.recordScalar(ScalarSetter.SHORT, 3, (short) -2);
        p.recordScalar(ScalarSetter.BYTE, 4, (byte) 9);
        p.recordScalar(ScalarSetter.BOOLEAN, 5, 1);
        p.recordScalar(ScalarSetter.FLOAT, 6, Float.floatToIntBits(-0.5f));
        p.recordScalar(ScalarSetter.DOUBLE, 7, Double.doubleToLongBits(2.25));
        p.recordPlain("setString", 8, "s");
        p.recordPlain("setBigDecimal", 9, new BigDecimal("1.50"));
        p.record("setNull", new Object[] {10, java.sql.Types.INTEGER});
        assertThat(p.plainValues()).containsExactly(-7, Long.MIN_VALUE, (short) -2, (byte) 9, true, -0.5f, 2.25, "s",
                new BigDecimal("1.50"), null);
        p.clear();
        p.recordScalar(ScalarSetter.INT, 2, 1);
        assertThat(p.plainValues()).as("index 1 unbound").isNull();
    }

    /**
     * Keys whose parameters move together ((id, n) against (id + 1, n + 31), as a "31 * h + x" hash would have it)
     * hash apart: the repeat filter of second-miss admission works on the hashes alone, and a collision there is a
     * new query taken for a repeated one.
     */
    @Test
    void keysOfAGridOfParameters_hashApart() {
        Set<Integer> hashes = new HashSet<>();
        int keys = 0;
        for (int a = 0; a < 200; a++) {
            for (int b = 0; b < 200; b++) {
                int id = a;
                int n = b;
                hashes.add(key(p -> {
                    p.recordScalar(ScalarSetter.INT, 1, id);
                    p.recordScalar(ScalarSetter.INT, 2, n);
                }).hashCode());
                keys++;
            }
        }
        // 40,000 random 32-bit hashes collide 0.2 times on average
        assertThat(keys - hashes.size()).isLessThanOrEqualTo(2);
    }

    private static byte[] bytes(Object o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream s = new ObjectOutputStream(out)) {
            s.writeObject(o);
        }
        return out.toByteArray();
    }
}
