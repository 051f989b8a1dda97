package org.stratacache.jdbc.sql;

import java.time.Duration;
import java.util.Set;

/**
 * What Strata knows about one SQL text: whether its result may be cached, which tables it reads, which
 * tables it writes, and whether it changes session state. Immutable; computed once per distinct text by
 * {@link SqlAnalyzer}.
 *
 * @param kind             the statement class, deciding read path / write path / taint
 * @param readTables       normalised names (lower case, unquoted, without schema) of every relation read;
 *                         over-reported on purpose
 * @param writtenTables    normalised names of every relation a write may touch (over-reported)
 * @param invalidatesAll   the write set cannot be determined: every cached result must go
 * @param cacheable        a SELECT whose result may be cached (subject to per-call checks: transaction,
 *                         isolation, parameters, relation kinds)
 * @param uncacheableReason why a SELECT is not cacheable, for logs and tests; null when cacheable
 * @param hint             the {@code strata:} comment hint found in the text
 * @param insertValuesTable for a single-table {@code INSERT … VALUES} without RETURNING/ON CONFLICT/SELECT:
 *                         its normalised table name; null otherwise. This is the interception point for
 *                         write-behind tables: such a statement can be queued instead of executed.
 */
public record SqlAnalysis(Kind kind, Set<String> readTables, Set<String> writtenTables, boolean invalidatesAll,
                          boolean cacheable, String uncacheableReason, Hint hint, String insertValuesTable) {

    /** The classes of statement the interception distinguishes. */
    public enum Kind {
        /** A query (SELECT, WITH … SELECT, VALUES, TABLE). */
        SELECT,
        /** INSERT / UPDATE / DELETE / MERGE / UPSERT / TRUNCATE / REPLACE. */
        DML,
        /** CREATE / ALTER / DROP / RENAME / COMMENT / GRANT …: invalidates all, forgets relation kinds. */
        DDL,
        /** CALL, {@code {call}}, EXECUTE, DO, anything unparseable: invalidates all. */
        UNKNOWN,
        /** SET / RESET / USE / DISCARD: changes what later queries return on this connection. */
        SESSION,
        /** BEGIN / START TRANSACTION: a transaction the JDBC API does not know of. */
        BEGIN,
        /** COMMIT / END / ROLLBACK / ABORT (not ROLLBACK TO SAVEPOINT): ends an SQL-level transaction. */
        END_TRANSACTION,
        /** SAVEPOINT / RELEASE / ROLLBACK TO: inside a transaction, no effect on invalidation. */
        SAVEPOINT
    }

    /** The {@code strata:} hint found in a comment. */
    public record Hint(boolean noCache, boolean forceCache, Duration ttl) {
        public static final Hint NONE = new Hint(false, false, null);
    }

    public boolean isRead() {
        return kind == Kind.SELECT;
    }
}
