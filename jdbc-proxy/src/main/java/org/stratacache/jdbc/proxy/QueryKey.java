package org.stratacache.jdbc.proxy;

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
        int h = session.hashCode();
        h = 31 * h + sql.hashCode();
        h = 31 * h + Arrays.deepHashCode(parameters);
        h = 31 * h + resultSetType;
        h = 31 * h + concurrency;
        h = 31 * h + holdability;
        h = 31 * h + Long.hashCode(maxRows);
        h = 31 * h + fetchDirection;
        this.hash = h;
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
