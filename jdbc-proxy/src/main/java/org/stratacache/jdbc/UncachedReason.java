package org.stratacache.jdbc;

/**
 * Why a read ran on the database without the cache: the bounded set every refusal maps to, decided in one
 * place ({@code org.stratacache.jdbc.cache.Cacheability}) and counted per reason in {@link JdbcStats}.
 *
 * <p>The first group comes from the statement's text (the same for every execution of it); the second from
 * how it is executed now (statement settings, parameters); the third from the connection's state.
 */
public enum UncachedReason {
    // ---- the statement itself
    /** SHOW, DESCRIBE, EXPLAIN …: not a query of table data. */
    NOT_A_QUERY("not a query of table data"),
    /** The text could not be parsed or walked, or is not a plain query: nothing is guessed. */
    UNPARSEABLE("the statement could not be analysed"),
    /** Analysis was over its budget or the statement over the size or nesting limits. */
    TOO_COMPLEX("too complex to analyse"),
    /** A function Strata does not know, which may write or change the session. */
    UNKNOWN_FUNCTION("calls a function that may write or change the session"),
    /** now(), random(), nextval(), a session variable, a 'now' literal …: the answer changes by itself. */
    NON_DETERMINISTIC("non-deterministic"),
    /** FOR UPDATE / FOR SHARE and the like. */
    LOCKING_CLAUSE("locking clause"),
    /** A {@code strata:nocache} hint, or {@code strata.jdbc.cache-by-default=false} without a cache hint. */
    HINT("a strata hint or cache-by-default=false"),
    // ---- how it is executed now
    /** {@code setMaxFieldSize}: the driver cuts values, so the result differs from the full one. */
    MAX_FIELD_SIZE("setMaxFieldSize is set on the statement"),
    /** {@code setEscapeProcessing(false)}: the text reaches the database differently. */
    ESCAPE_PROCESSING_OFF("escape processing is off on the statement"),
    /** A bound parameter (a stream, a LOB, an unknown type) cannot be captured faithfully for the key. */
    PARAMETER_NOT_CAPTURABLE("a bound parameter cannot be part of a key"),
    /** A relation read is a view, a partitioned or inheritance table, or unknown to the metadata. */
    RELATION_NOT_PLAIN_TABLE("reads a relation whose writes Strata cannot see"),
    // ---- the connection
    /** SET/USE, a temporary table, or code Strata cannot see into ran on this connection. */
    SESSION_CHANGED("session state may have changed on this connection"),
    /** A transaction begun with SQL (BEGIN / START TRANSACTION). */
    SQL_TRANSACTION("inside a transaction begun with SQL"),
    /** READ UNCOMMITTED, or a transaction above READ COMMITTED. */
    ISOLATION("transaction isolation other than READ COMMITTED"),
    /** The open transaction wrote a table the read depends on (or something unknown). */
    TRANSACTION_WROTE("the open transaction wrote what the read depends on"),
    /**
     * The invalidation bus is not listening (not yet connected, or reconnecting): writes of other instances
     * may be missed, so nothing is served from the cache for that database (doubt means stale).
     */
    INVALIDATION_BUS_DOWN("the invalidation bus is not listening"),
    /** One of Strata's own failures (a tier error, an analyser bug): degraded to pass-through. */
    STRATA_FAILURE("one of Strata's own failures");

    private final String description;

    UncachedReason(String description) {
        this.description = description;
    }

    /** A phrase for logs and messages. */
    public String description() {
        return description;
    }
}
