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
 * @param uncacheableReason why a statement is not cacheable, in words with its particulars (the function, the
 *                         limit), for logs and tests; null when cacheable
 * @param hint             the {@code strata:} comment hint found in the text
 * @param insertValuesTable for a single-table {@code INSERT … VALUES} without RETURNING/ON CONFLICT/SELECT:
 *                         its normalised table name; null otherwise. This is the interception point for
 *                         write-behind tables: such a statement can be queued instead of executed.
 * @param reason           why a statement is not cacheable, one of a fixed set (to count by); null when cacheable
 * @param analysisNanos    how long the analysis of this text took (0 when not measured)
 * @param userFunctions    the functions this statement calls that are not built-ins Strata knows, with what the
 *                         analysis becomes once the database says how volatile they are; null when it calls none
 *                         (or one that cannot be looked up by name). This analysis itself is the verdict for a
 *                         volatile or unknown function: uncached, invalidating everything.
 * @param opaque           what the statement runs cannot be seen from its text (a function, CALL, DO, SQL not
 *                         read): it may change the session as SET does. By default a statement that invalidates
 *                         everything and is not DDL; an INSERT, UPDATE or DELETE too complex to parse whose text
 *                         calls nothing is not opaque (its write set is unknown, its effect on the session is not).
 */
public record SqlAnalysis(Kind kind, Set<String> readTables, Set<String> writtenTables, boolean invalidatesAll,
                          boolean cacheable, String uncacheableReason, Hint hint, String insertValuesTable,
                          Reason reason, long analysisNanos, UserFunctions userFunctions, boolean opaque) {

    /** An analysis that is opaque when it invalidates everything and is not DDL. */
    public SqlAnalysis(Kind kind, Set<String> readTables, Set<String> writtenTables, boolean invalidatesAll,
                       boolean cacheable, String uncacheableReason, Hint hint, String insertValuesTable,
                       Reason reason, long analysisNanos, UserFunctions userFunctions) {
        this(kind, readTables, writtenTables, invalidatesAll, cacheable, uncacheableReason, hint, insertValuesTable,
                reason, analysisNanos, userFunctions, invalidatesAll && kind != Kind.DDL);
    }

    /** An analysis of a statement that calls no user function. */
    public SqlAnalysis(Kind kind, Set<String> readTables, Set<String> writtenTables, boolean invalidatesAll,
                       boolean cacheable, String uncacheableReason, Hint hint, String insertValuesTable,
                       Reason reason, long analysisNanos) {
        this(kind, readTables, writtenTables, invalidatesAll, cacheable, uncacheableReason, hint, insertValuesTable,
                reason, analysisNanos, null);
    }

    /**
     * An analysis made outside {@link SqlAnalyzer}: its reason, when not cacheable, is
     * {@link Reason#ANALYSIS_FAILED}.
     */
    public SqlAnalysis(Kind kind, Set<String> readTables, Set<String> writtenTables, boolean invalidatesAll,
                       boolean cacheable, String uncacheableReason, Hint hint, String insertValuesTable) {
        this(kind, readTables, writtenTables, invalidatesAll, cacheable, uncacheableReason, hint, insertValuesTable,
                cacheable ? null : Reason.ANALYSIS_FAILED, 0);
    }

    /**
     * Why a statement is not cacheable: a fixed set, so that statistics can count by it. {@link #label()} is a
     * short text that stays the same across versions.
     */
    public enum Reason {
        /** INSERT/UPDATE/DELETE/MERGE/TRUNCATE, DDL, CALL and anything else that is not a query. */
        WRITE("write"),
        /** SET/RESET/USE/DISCARD, temporary objects, BEGIN/COMMIT/ROLLBACK/SAVEPOINT. */
        SESSION_OR_TRANSACTION("session or transaction control"),
        /** SHOW, DESCRIBE, EXPLAIN: not a query of table data. */
        NOT_TABLE_DATA("not a query of table data"),
        /** A ';' outside literals and comments: the database may run more than one statement. */
        SEVERAL_STATEMENTS("several statements"),
        /** A {@code /* strata:… *}{@code /} hint that does not parse. */
        MALFORMED_HINT("malformed hint"),
        /** {@code /* strata:nocache *}{@code /}. */
        NOCACHE_HINT("nocache hint"),
        /** Longer, more deeply nested or slower to parse than the analysis allows (the budget). */
        TOO_COMPLEX("too complex to analyse"),
        /** SQL the parser cannot read (syntax or an operator it does not know). */
        UNPARSEABLE("not understood by the parser"),
        /** Parsed, but not as a query, or with parts the analysis cannot walk. */
        NOT_UNDERSTOOD("not fully understood"),
        /** Calls a function that may write (a user-defined or stored function): also invalidates everything. */
        FUNCTION_MAY_WRITE("calls a function that may write"),
        /**
         * Calls a user function the database declares STABLE: it may read tables, the clock or the session, none
         * of which the key or the tags hold. Decided at execution ({@link UserFunctions#ifStable}), never by the
         * analyser alone.
         */
        STABLE_FUNCTION("calls a stable function"),
        /** Reads the clock, a random source, a sequence, the session or the server. */
        NON_DETERMINISTIC("non-deterministic"),
        /** FOR UPDATE / FOR SHARE / lock hints. */
        LOCKING("locking clause"),
        /** The analyser itself failed (a bug); the statement is treated as unknown. */
        ANALYSIS_FAILED("analysis failed");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** A short, stable text for statistics and logs. */
        public String label() {
            return label;
        }
    }

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
        /**
         * SET / RESET of a setting that changes how statements run, never what they return (client_min_messages,
         * application_name, timeouts, planner costs): no effect on the cache.
         */
        SETTING,
        /** BEGIN / START TRANSACTION: a transaction the JDBC API does not know of. */
        BEGIN,
        /** COMMIT / END / ROLLBACK / ABORT (not ROLLBACK TO SAVEPOINT): ends an SQL-level transaction. */
        END_TRANSACTION,
        /** SAVEPOINT / RELEASE / ROLLBACK TO: inside a transaction, no effect on invalidation. */
        SAVEPOINT
    }

    /**
     * The user functions a statement calls and what its analysis becomes when the database declares them
     * immutable or stable. The analysis that holds the record is the verdict for volatile or unknown: the SQL
     * text alone never makes a statement calling a user function cacheable; {@code jdbc.cache.Cacheability}
     * picks one of the three at execution, from the database's answer.
     *
     * @param names       lower-cased names, schema-qualified as written ({@code my_fn}, {@code app.my_fn})
     * @param ifImmutable the analysis when every one of them is immutable (as if they were deterministic
     *                    built-ins: cacheable unless something else refuses it, no invalidation of everything)
     * @param ifStable    the analysis when the worst of them is stable ({@link Reason#STABLE_FUNCTION}, a read
     *                    or a write): a read runs uncached but invalidates nothing, since a stable function
     *                    cannot write; every write-behind table is flushed first, since it may read any table
     */
    public record UserFunctions(Set<String> names, SqlAnalysis ifImmutable, SqlAnalysis ifStable) {
        public UserFunctions {
            names = Set.copyOf(names);
        }
    }

    /** The {@code strata:} hint found in a comment. */
    public record Hint(boolean noCache, boolean forceCache, Duration ttl) {
        public static final Hint NONE = new Hint(false, false, null);
    }

    public boolean isRead() {
        return kind == Kind.SELECT;
    }

    /** This analysis, noting that it took {@code nanos}. */
    SqlAnalysis measured(long nanos) {
        return new SqlAnalysis(kind, readTables, writtenTables, invalidatesAll, cacheable, uncacheableReason, hint,
                insertValuesTable, reason, nanos, userFunctions, opaque);
    }

    /** This analysis, with the verdicts for when its user functions turn out immutable or stable. */
    SqlAnalysis withUserFunctions(UserFunctions functions) {
        return new SqlAnalysis(kind, readTables, writtenTables, invalidatesAll, cacheable, uncacheableReason, hint,
                insertValuesTable, reason, analysisNanos, functions, opaque);
    }
}
