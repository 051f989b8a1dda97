package org.stratacache.jdbc.cache;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cache key of one query execution. Two executions share a cached result only when all of these are
 * equal: the session (URL without password, database user, catalog, schema), the SQL text, every bound
 * parameter with its setter and type, and the result-set settings that change what comes back (type,
 * concurrency, holdability, max rows, fetch direction). Immutable; the hash is computed once.
 *
 * <p>All but the parameters are the statement's {@link Shape}, built once per statement and setting rather than
 * per execution: a repeated execution hashes only its parameters, and its key meets the stored one's shape as the
 * same object (one comparison instead of the session's and the SQL's characters).
 */
final class QueryKey implements Serializable {
    private static final long serialVersionUID = 3L;

    /** What every execution of one statement with the same settings puts in its key. */
    static final class Shape implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String session;
        private final String sql;
        private final int resultSetType;
        private final int concurrency;
        private final int holdability;
        private final long maxRows;
        private final int fetchDirection;
        private final int hash;

        Shape(String session, String sql, int resultSetType, int concurrency, int holdability, long maxRows,
              int fetchDirection) {
            this.session = session;
            this.sql = sql;
            this.resultSetType = resultSetType;
            this.concurrency = concurrency;
            this.holdability = holdability;
            this.maxRows = maxRows;
            this.fetchDirection = fetchDirection;
            int h = mix(session.hashCode(), sql.hashCode());
            h = mix(h, resultSetType);
            h = mix(h, concurrency);
            h = mix(h, holdability);
            h = mix(h, Long.hashCode(maxRows));
            this.hash = mix(h, fetchDirection);
        }

        /**
         * Whether an execution with this session and SQL may use this shape (its settings are the statement's,
         * which drops its shape when one changes: {@code ReadPath}).
         */
        boolean isFor(String session, String sql) {
            return (this.session == session || this.session.equals(session))
                    && (this.sql == sql || this.sql.equals(sql));
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            return o instanceof Shape s && hash == s.hash && resultSetType == s.resultSetType
                    && concurrency == s.concurrency && holdability == s.holdability && maxRows == s.maxRows
                    && fetchDirection == s.fetchDirection && sql.equals(s.sql) && session.equals(s.session);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Shape shape;
    private final int hash;
    private final int count;
    /*
     * The first two parameters sit in the key itself (most keyed reads bind one or two), each as a slot of
     * Parameters (a ScalarSetter, a String, a BigDecimal or a Bound) and the bits a ScalarSetter's value is kept
     * in: comparing them follows no pointer for a primitive, and one for any other value. The rest, if any, in
     * arrays.
     */
    private final Object slot0;
    private final Object slot1;
    private final long bits0;
    private final long bits1;
    private final Object[] moreSlots;
    private final long[] moreBits;

    /** A key of a statement without parameters. */
    QueryKey(Shape shape) {
        this(shape, null, null, 0);
    }

    /** Copies the first {@code count} slots and bits (see {@code Parameters}). */
    QueryKey(Shape shape, Object[] slots, long[] bits, int count) {
        this.shape = shape;
        this.count = count;
        this.slot0 = count > 0 ? slots[0] : null;
        this.bits0 = count > 0 ? bits[0] : 0;
        this.slot1 = count > 1 ? slots[1] : null;
        this.bits1 = count > 1 ? bits[1] : 0;
        this.moreSlots = count > 2 ? Arrays.copyOfRange(slots, 2, count) : null;
        this.moreBits = count > 2 ? Arrays.copyOfRange(bits, 2, count) : null;
        int h = shape.hash;
        for (int i = 0; i < count; i++) {
            h = mix(h, slotHash(slots[i]));
            long b = bits[i];
            h = mix(h, (int) (b ^ (b >>> 32)));
        }
        this.hash = finish(h, count);
    }

    /** The same in every JVM, as the keys' serialized form is (an enum's own hash code is not). */
    private static int slotHash(Object slot) {
        return slot instanceof ScalarSetter s ? s.stableHash() : Objects.hashCode(slot);
    }

    /*
     * MurmurHash3's combining steps rather than "31 * h + x": parameters' own hashes are often linear in their
     * values (an int hashes to itself), so with 31 * h + x the keys (id, n) and (id + 1, n + 31) would collide,
     * and the approximate repeat filter of second-miss admission would take new queries for repeated ones.
     */
    private static int mix(int h, int k) {
        k *= 0xCC9E2D51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1B873593;
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xE6546B64;
    }

    private static int finish(int h, int length) {
        return fmix(h ^ length);
    }

    /** MurmurHash3's finaliser: every input bit moves about half of the output bits. */
    static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof QueryKey k && hash == k.hash && count == k.count && bits0 == k.bits0
                && bits1 == k.bits1 && sameSlot(slot0, k.slot0) && sameSlot(slot1, k.slot1)
                && (shape == k.shape || shape.equals(k.shape))
                && (count <= 2 || Arrays.equals(moreBits, k.moreBits) && Arrays.equals(moreSlots, k.moreSlots));
    }

    private static boolean sameSlot(Object a, Object b) {
        return a == b || a != null && a.equals(b);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        // Parameter values may be personal data: count them, do not print them.
        return "QueryKey[" + Objects.hashCode(shape.session) + ", " + shape.sql + ", " + count
                + " parameters]";
    }
}
