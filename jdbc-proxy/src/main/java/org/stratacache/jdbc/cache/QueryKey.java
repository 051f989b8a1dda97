package org.stratacache.jdbc.cache;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cache key of one query execution. Two executions share a cached result only when all of these are
 * equal: the session (URL without password, database user, catalog, schema), the SQL text, every bound
 * parameter with its setter and type, and the result-set settings that change what comes back (type,
 * concurrency, holdability, max rows, fetch direction). Immutable; the hash is computed once.
 */
final class QueryKey implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String session;
    private final String sql;
    private final Object[] parameters;
    private final int resultSetType;
    private final int concurrency;
    private final int holdability;
    private final long maxRows;
    private final int fetchDirection;
    private final int hash;

    QueryKey(String session, String sql, Object[] parameters, int resultSetType, int concurrency, int holdability,
             long maxRows, int fetchDirection) {
        this.session = session;
        this.sql = sql;
        this.parameters = parameters;
        this.resultSetType = resultSetType;
        this.concurrency = concurrency;
        this.holdability = holdability;
        this.maxRows = maxRows;
        this.fetchDirection = fetchDirection;
        int h = mix(session.hashCode(), sql.hashCode());
        for (Object parameter : parameters) {
            h = mix(h, parameter == null ? 0 : parameter.hashCode());
        }
        h = mix(h, resultSetType);
        h = mix(h, concurrency);
        h = mix(h, holdability);
        h = mix(h, Long.hashCode(maxRows));
        h = mix(h, fetchDirection);
        this.hash = finish(h, parameters.length);
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
        return o instanceof QueryKey k && hash == k.hash && resultSetType == k.resultSetType
                && concurrency == k.concurrency && holdability == k.holdability && maxRows == k.maxRows
                && fetchDirection == k.fetchDirection && sql.equals(k.sql) && session.equals(k.session)
                && Arrays.deepEquals(parameters, k.parameters);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        // Parameter values may be personal data: count them, do not print them.
        return "QueryKey[" + Objects.hashCode(session) + ", " + sql + ", " + parameters.length + " parameters]";
    }
}
