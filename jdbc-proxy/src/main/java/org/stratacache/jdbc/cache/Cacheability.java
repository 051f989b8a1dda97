package org.stratacache.jdbc.cache;

import java.sql.Connection;
import java.sql.SQLException;

import org.stratacache.jdbc.UncachedReason;
import org.stratacache.jdbc.sql.SqlAnalysis;

/**
 * The one answer to "may this read use the cache now?", with a reason for every refusal. Three layers, asked
 * in order, cheapest first: the statement's text (its {@link SqlAnalysis}, computed once per text, made
 * definite by {@link #withFunctions} when it calls user functions, whose volatility only the database knows), how it
 * is executed now (statement settings and bound parameters), and the connection's state (session taint,
 * transaction, isolation, whether the invalidation bus is listening). Whether the open transaction wrote
 * one of the read's tables needs the read's tags, so {@link ReadPath} asks {@link #transactionWrote} once it
 * has them; the relation kinds come from {@link Relations} there too. Whether a miss then <em>stores</em> its result is {@link Admission}'s call,
 * not a cacheability question: a not-admitted miss is still a cacheable read.
 */
final class Cacheability {
    private Cacheability() {
    }

    /** Null when the statement's text allows caching; else why not. */
    static UncachedReason ofStatement(SqlAnalysis analysis, boolean cacheByDefault) {
        if (!analysis.cacheable()) {
            return fromAnalysis(analysis);
        }
        if (!cacheByDefault && !analysis.hint().forceCache()) {
            return UncachedReason.HINT;
        }
        return null;
    }

    /**
     * The analysis that holds for this execution of a statement that calls user functions, by the worst
     * volatility the database declares for them: immutable, as if they were deterministic built-ins (cacheable,
     * no invalidation, no taint); stable, uncached ({@link UncachedReason#STABLE_FUNCTION}: it may read tables,
     * the clock or the session) without invalidation or taint; volatile or unknown, the text's own verdict
     * (uncached, invalidates everything, taints the session: it may write or call {@code set_config}).
     */
    static SqlAnalysis withFunctions(SqlAnalysis analysis, FunctionVolatility.Volatility worst) {
        SqlAnalysis.UserFunctions functions = analysis.userFunctions();
        if (functions == null) {
            return analysis;
        }
        return switch (worst) {
            case IMMUTABLE -> functions.ifImmutable();
            case STABLE -> functions.ifStable();
            case VOLATILE, UNKNOWN -> analysis;
        };
    }

    /** Null when the statement's settings and parameters allow caching; else why not. */
    static UncachedReason ofExecution(int maxFieldSize, boolean escapeProcessing, Parameters parameters) {
        if (maxFieldSize != 0) {
            return UncachedReason.MAX_FIELD_SIZE;
        }
        if (!escapeProcessing) {
            return UncachedReason.ESCAPE_PROCESSING_OFF;
        }
        if (parameters != null && !parameters.capturable()) {
            return UncachedReason.PARAMETER_NOT_CAPTURABLE;
        }
        return null;
    }

    /**
     * Null when the connection's state allows a read to use the cache; else why not. Reads and writes to the
     * transaction's own tables are {@link #transactionWrote}.
     */
    static UncachedReason ofConnection(ConnectionState conn) throws SQLException {
        if (conn.tainted()) {
            return UncachedReason.SESSION_CHANGED;
        }
        if (conn.inSqlTransaction()) {
            return UncachedReason.SQL_TRANSACTION;
        }
        int iso = conn.isolation();
        if (iso == Connection.TRANSACTION_READ_UNCOMMITTED) {
            return UncachedReason.ISOLATION;
        }
        if (conn.inApiTransaction()) {
            if (iso != Connection.TRANSACTION_READ_COMMITTED && iso != Connection.TRANSACTION_NONE) {
                return UncachedReason.ISOLATION;
            }
            if (conn.transactionWroteUnknown()) {
                return UncachedReason.TRANSACTION_WROTE;
            }
        }
        if (!conn.bus().trusted()) {
            return UncachedReason.INVALIDATION_BUS_DOWN; // doubt means stale
        }
        return null;
    }

    /** {@link UncachedReason#TRANSACTION_WROTE} when the open transaction wrote a table behind {@code tags}. */
    static UncachedReason transactionWrote(ConnectionState conn, java.util.Set<String> tags) {
        return conn.transactionWroteAny(tags) ? UncachedReason.TRANSACTION_WROTE : null;
    }

    /** The reason behind an analysis that refused caching (the analyser's own fixed set, mapped one to one). */
    static UncachedReason fromAnalysis(SqlAnalysis analysis) {
        SqlAnalysis.Reason why = analysis.reason();
        if (why == null) {
            return UncachedReason.UNPARSEABLE;
        }
        return switch (why) {
            case NOT_TABLE_DATA, WRITE, SESSION_OR_TRANSACTION -> UncachedReason.NOT_A_QUERY;
            case NOCACHE_HINT -> UncachedReason.HINT;
            case TOO_COMPLEX -> UncachedReason.TOO_COMPLEX;
            case FUNCTION_MAY_WRITE -> UncachedReason.UNKNOWN_FUNCTION;
            case STABLE_FUNCTION -> UncachedReason.STABLE_FUNCTION;
            case NON_DETERMINISTIC -> UncachedReason.NON_DETERMINISTIC;
            case LOCKING -> UncachedReason.LOCKING_CLAUSE;
            case ANALYSIS_FAILED -> UncachedReason.STRATA_FAILURE;
            case SEVERAL_STATEMENTS, MALFORMED_HINT, UNPARSEABLE, NOT_UNDERSTOOD -> UncachedReason.UNPARSEABLE;
        };
    }
}
