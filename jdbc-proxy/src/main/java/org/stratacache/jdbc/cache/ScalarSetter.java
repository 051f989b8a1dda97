package org.stratacache.jdbc.cache;

/**
 * The setters of a primitive value ({@code setInt}, {@code setLong}, …): a cache key holds their value as bits
 * next to the setter instead of a boxed value in a record, so a key built for a lookup allocates nothing per
 * parameter and compares without following a pointer per parameter (see {@code QueryKey}).
 *
 * <p>An enum so that a key serializes the setter by name and stays equal, in bytes too, in another JVM (the
 * distributed tier compares keys by their serialized form).
 */
public enum ScalarSetter {
    BOOLEAN("setBoolean"),
    BYTE("setByte"),
    SHORT("setShort"),
    INT("setInt"),
    LONG("setLong"),
    /** Bits of {@link Float#floatToIntBits}: one NaN, and 0.0 apart from -0.0, as {@link Float#equals} has it. */
    FLOAT("setFloat"),
    /** Bits of {@link Double#doubleToLongBits}, for the same reason. */
    DOUBLE("setDouble");

    /** {@link #values()} copies its array on every call; {@link #named} searches this one. */
    private static final ScalarSetter[] ALL = values();

    private final String setter;

    ScalarSetter(String setter) {
        this.setter = setter;
    }

    /** The JDBC method's name. */
    public String setter() {
        return setter;
    }

    /** The setter named {@code setter}, or null when it is not one of these. */
    static ScalarSetter named(String setter) {
        for (ScalarSetter s : ALL) {
            if (s.setter.equals(setter)) {
                return s;
            }
        }
        return null;
    }

    /** The bits a value given to this setter is keyed by; {@code value} is the setter's boxed argument. */
    long bitsOf(Object value) {
        return switch (this) {
            case BOOLEAN -> bits((Boolean) value);
            case FLOAT -> bits((Float) value);
            case DOUBLE -> bits((Double) value);
            default -> ((Number) value).longValue();
        };
    }

    /*
     * The bits of the values whose setters do not key them as their long value; the statement's own setters and
     * bitsOf both encode through these, so a value keys the same whichever way it was set. (The integral setters'
     * bits are the value widened to long.)
     */

    /** {@code setBoolean}'s bits: 1 or 0. */
    public static long bits(boolean value) {
        return value ? 1 : 0;
    }

    /** {@code setFloat}'s bits: {@link Float#floatToIntBits}, one NaN, 0.0 apart from -0.0. */
    public static long bits(float value) {
        return Float.floatToIntBits(value);
    }

    /** {@code setDouble}'s bits: {@link Double#doubleToLongBits}, one NaN, 0.0 apart from -0.0. */
    public static long bits(double value) {
        return Double.doubleToLongBits(value);
    }

    /** The value as the application gave it, boxed (for a write-behind row). */
    Object box(long bits) {
        return switch (this) {
            case BOOLEAN -> bits != 0;
            case BYTE -> (byte) bits;
            case SHORT -> (short) bits;
            case INT -> (int) bits;
            case LONG -> bits;
            case FLOAT -> Float.intBitsToFloat((int) bits);
            case DOUBLE -> Double.longBitsToDouble(bits);
        };
    }

    /** A hash that is the same in every JVM (an enum's own hash code is its identity's). */
    int stableHash() {
        return setter.hashCode();
    }
}
