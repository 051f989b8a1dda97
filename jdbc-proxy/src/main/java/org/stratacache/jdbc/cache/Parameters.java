package org.stratacache.jdbc.cache;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The parameters bound on a prepared statement, as far as they can go into a cache key faithfully.
 *
 * <p>Each {@code setXxx(index, …)} is recorded with the setter, the value and any extra argument (SQL type,
 * scale, calendar zone), so {@code setInt(1, 5)} and {@code setLong(1, 5)} are different keys.
 * A setter whose value cannot be captured faithfully (streams, readers, LOBs, refs, row ids, XML, Java arrays
 * given to {@code setObject}, objects of unknown classes) makes the statement uncacheable until
 * {@code clearParameters()}. A {@code setArray} is captured as its base type and a copy of its elements, when
 * every element is a plain value. Mutable values (byte arrays, dates) are copied.
 *
 * <p>One slot per index, in the form a {@link QueryKey} holds it (the key copies the slots):
 * <ul>
 *   <li>a {@link ScalarSetter}, with the value's bits beside it ({@code setInt}, {@code setLong}, …): no box;</li>
 *   <li>the value itself, for {@code setString} of a {@code String} and {@code setBigDecimal} of a
 *       {@code BigDecimal} (a slot of one of those classes means that setter, and nothing else puts one there);</li>
 *   <li>a {@link Bound} record for every other setter, and for those two given null;</li>
 *   <li>null: not bound.</li>
 * </ul>
 * Slots of different forms never compare equal, so the forms cannot mix two setters up.
 */
final class Parameters {
    private static final int MAX_INDEX = 10_000;

    private Object[] slots = new Object[8];
    private long[] bits = new long[8];
    private int highest;
    private boolean uncapturable;

    /** One bound parameter. */
    record Bound(String setter, Object value, Object extra) implements Serializable {
        /**
         * Equal setter, extra arguments, and values of the same class that are equal ({@link #sameValue}, element by
         * element for an array's elements): {@code java.util.Date}'s {@code equals} takes a {@code Timestamp} or a
         * {@code java.sql.Date} of the same millisecond for itself, and {@code setObject} of one must never be
         * answered from a read bound with the other (the database compares a date and a timestamp differently).
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Bound b && setter.equals(b.setter) && sameValue(value, b.value)
                    && Objects.equals(extra, b.extra);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * setter.hashCode() + valueHash(value)) + Objects.hashCode(extra);
        }

        /**
         * The same class and equal; a {@code byte[]} by content; a captured array (a list of its elements, see
         * {@code Parameters.elements}) element by element under the same rule, since a list's own {@code equals}
         * would take a {@code Timestamp} element for a {@code Date} and never find two {@code byte[]} elements equal.
         */
        static boolean sameValue(Object a, Object b) {
            if (a == null || b == null) {
                return a == b;
            }
            if (a.getClass() != b.getClass()) {
                return false;
            }
            if (a instanceof byte[] bytes) {
                return Arrays.equals(bytes, (byte[]) b);
            }
            if (a instanceof List<?> elements) {
                List<?> others = (List<?>) b;
                if (elements.size() != others.size()) {
                    return false;
                }
                for (int i = 0; i < elements.size(); i++) {
                    if (!sameValue(elements.get(i), others.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return a.equals(b);
        }

        /** A hash that agrees with {@link #sameValue}. */
        static int valueHash(Object value) {
            if (value instanceof byte[] bytes) {
                return Arrays.hashCode(bytes);
            }
            if (value instanceof List<?> elements) {
                int h = 1;
                for (Object e : elements) {
                    h = 31 * h + valueHash(e);
                }
                return h;
            }
            return Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return setter + "(…)";
        }
    }

    /** Records a {@code set…} call; {@code args[0]} is the index. */
    void record(String setter, Object[] args) {
        if (args == null || args.length < 2 || !(args[0] instanceof Integer index)) {
            uncapturable = true;
            return;
        }
        if (args.length == 2 && isPlain(setter)) {
            recordPlain(setter, index, args[1]); // the same slot as the setter's own entry point gives
            return;
        }
        Bound bound = capture(setter, args);
        if (bound == null || !validIndex(index)) {
            uncapturable = true;
            return;
        }
        store(index, bound, 0);
    }

    /** A primitive setter's value, as bits ({@link ScalarSetter#bitsOf}): the key holds it without a box. */
    void recordScalar(ScalarSetter setter, int index, long valueBits) {
        if (!validIndex(index)) {
            uncapturable = true;
            return;
        }
        store(index, setter, valueBits);
    }

    /**
     * Records one of the setters {@link #capture} keeps as it is when given two arguments ({@code setBoolean},
     * {@code setByte}, {@code setShort}, {@code setInt}, {@code setLong}, {@code setFloat}, {@code setDouble},
     * {@code setBigDecimal}, {@code setString}, {@code setNString}) without the argument array; the value boxed
     * for the primitive ones.
     */
    void recordPlain(String setter, int index, Object value) {
        if (!validIndex(index)) {
            uncapturable = true;
            return;
        }
        if (value instanceof String && setter.equals("setString")
                || value instanceof BigDecimal && setter.equals("setBigDecimal")) {
            store(index, value, 0); // the entry points of these two come here: decided before the search below
            return;
        }
        ScalarSetter scalar = value == null ? null : ScalarSetter.named(setter);
        if (scalar != null) {
            store(index, scalar, scalar.bitsOf(value));
        } else {
            store(index, new Bound(setter, value, null), 0);
        }
    }

    private static boolean isPlain(String setter) {
        return switch (setter) {
            case "setBoolean", "setByte", "setShort", "setInt", "setLong", "setFloat", "setDouble", "setBigDecimal",
                    "setString", "setNString" -> true;
            default -> false;
        };
    }

    private static boolean validIndex(int index) {
        return index >= 1 && index <= MAX_INDEX;
    }

    private void store(int index, Object slot, long slotBits) {
        if (index > slots.length) {
            int size = Math.max(index, slots.length * 2);
            slots = Arrays.copyOf(slots, size);
            bits = Arrays.copyOf(bits, size);
        }
        slots[index - 1] = slot;
        bits[index - 1] = slotBits;
        highest = Math.max(highest, index);
    }

    private static Bound capture(String setter, Object[] args) {
        Object value = args[1];
        Object extra = args.length > 2 ? extra(args) : null;
        switch (setter) {
            case "setNull":
                return new Bound(setter, value, extra);
            case "setBytes":
                return args.length == 2 ? new Bound(setter, value == null ? null : ((byte[]) value).clone(), null)
                        : null;
            case "setDate", "setTime", "setTimestamp":
                if (args.length > 2 && !(args[2] instanceof Calendar) && args[2] != null) {
                    return null;
                }
                return new Bound(setter, value == null ? null : ((java.util.Date) value).clone(), extra);
            case "setURL":
                return new Bound(setter, value == null ? null : value.toString(), null);
            case "setArray":
                // Hibernate's PostgreSQL dialect batch-fetches with "where id = any (?)" and an array parameter:
                // the key holds the element type and a copy of the elements, never the driver's Array object.
                return args.length == 2 ? arrayBound(setter, (java.sql.Array) value) : null;
            case "setObject":
                if (value != null && !isImmutableValue(value)) {
                    return null;
                }
                Object copied = value instanceof byte[] b ? b.clone()
                        : value instanceof java.util.Date d ? d.clone() : value;
                return new Bound(setter, copied, extra);
            default:
                return null;
        }
    }

    private static Bound arrayBound(String setter, java.sql.Array array) {
        if (array == null) {
            return new Bound(setter, null, null);
        }
        try {
            List<Object> elements = elements(array.getArray());
            return elements == null ? null : new Bound(setter, elements, array.getBaseTypeName());
        } catch (SQLException | RuntimeException e) {
            return null; // the driver cannot give the elements here: the read runs uncached
        }
    }

    /** The elements of a Java array as a list (nested arrays as nested lists); null when one is not a plain value. */
    private static List<Object> elements(Object array) {
        if (array == null || !array.getClass().isArray()) {
            return null;
        }
        int n = java.lang.reflect.Array.getLength(array);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object e = java.lang.reflect.Array.get(array, i);
            if (e != null && e.getClass().isArray() && !(e instanceof byte[])) {
                e = elements(e);
                if (e == null) {
                    return null;
                }
            } else if (e != null && !isImmutableValue(e)) {
                return null;
            } else if (e instanceof byte[] b) {
                e = b.clone();
            } else if (e instanceof java.util.Date d) {
                e = d.clone();
            }
            out.add(e);
        }
        return out;
    }

    private static Object extra(Object[] args) {
        if (args.length == 3 && args[2] instanceof Calendar cal) {
            return cal.getTimeZone().getID();
        }
        Object[] rest = Arrays.copyOfRange(args, 2, args.length);
        for (Object o : rest) {
            if (!(o == null || o instanceof Integer || o instanceof String || o instanceof Long)) {
                // java.sql.SQLType and friends: use their names.
                return Arrays.toString(rest);
            }
        }
        return Arrays.asList(rest);
    }

    private static boolean isImmutableValue(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Long || v instanceof BigDecimal
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof Boolean || v instanceof BigInteger || v instanceof byte[] || v instanceof UUID
                || v instanceof java.util.Date || v instanceof java.time.LocalDate
                || v instanceof java.time.LocalTime || v instanceof java.time.LocalDateTime
                || v instanceof java.time.OffsetDateTime || v instanceof java.time.OffsetTime
                || v instanceof java.time.Instant || v instanceof Character;
    }

    void clear() {
        Arrays.fill(slots, null);
        highest = 0;
        uncapturable = false;
    }

    boolean capturable() {
        return !uncapturable;
    }

    /**
     * The bound values by index - 1, as the application gave them ({@code setNull} as null); null when a
     * parameter could not be captured or an index below the highest one is unbound.
     */
    Object[] plainValues() {
        if (uncapturable) {
            return null;
        }
        Object[] out = new Object[highest];
        for (int i = 0; i < highest; i++) {
            Object slot = slots[i];
            if (slot == null) {
                return null;
            }
            if (slot instanceof ScalarSetter scalar) {
                out[i] = scalar.box(bits[i]);
            } else if (slot instanceof Bound b) {
                if (b.setter().equals("setArray")) {
                    return null; // a write-behind row takes plain values only
                }
                out[i] = b.setter().equals("setNull") ? null : b.value();
            } else {
                out[i] = slot;
            }
        }
        return out;
    }

    /** The key of an execution with these parameters now (it copies them). */
    QueryKey key(QueryKey.Shape shape) {
        return new QueryKey(shape, slots, bits, highest);
    }
}
