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
    NOT_A_QUERY("not a query of table data",
            "Nothing to change: such statements are not cacheable."),
    /** The text could not be parsed or walked, or is not a plain query: nothing is guessed. */
    UNPARSEABLE("the statement could not be analysed",
            "Check the DEBUG lines for the statements; simplify them or mark them /* strata:nocache */."),
    /** Analysis was over its budget or the statement over the size or nesting limits. */
    TOO_COMPLEX("too complex to analyse",
            "Such statements exceed the analysis budget or limits; simplify them or raise the limits."),
    /**
     * A function the database declares VOLATILE, or whose volatility it cannot tell (a failed lookup, another
     * database): it may write or change the session.
     */
    UNKNOWN_FUNCTION("calls a function that may write or change the session",
            "If the function has no side effects, declare it IMMUTABLE (or STABLE) in the database: PostgreSQL "
                    + "CREATE FUNCTION … IMMUTABLE, H2 CREATE ALIAS … DETERMINISTIC."),
    /**
     * A user function the database declares STABLE: it may read tables, the clock or the session, which neither
     * the key nor the tags hold. Nothing is invalidated and the session stays clean: a stable function cannot
     * write.
     */
    STABLE_FUNCTION("calls a function the database declares STABLE",
            "Declare the function IMMUTABLE only if its result depends on its arguments alone (no table, clock or "
                    + "setting read); otherwise pass what it reads as a parameter."),
    /** now(), random(), nextval(), a session variable, a 'now' literal …: the answer changes by itself. */
    NON_DETERMINISTIC("non-deterministic",
            "Pass the time or the random value as a parameter instead of calling now()/random() in the query."),
    /** FOR UPDATE / FOR SHARE and the like. */
    LOCKING_CLAUSE("locking clause",
            "Locking reads are never cached; nothing to change."),
    /** A {@code strata:nocache} hint, or {@code strata.jdbc.cache-by-default=false} without a cache hint. */
    HINT("a strata hint or cache-by-default=false",
            "Check strata.jdbc.cache-by-default and the /* strata:nocache */ hints."),
    // ---- how it is executed now
    /** {@code setMaxFieldSize}: the driver cuts values, so the result differs from the full one. */
    MAX_FIELD_SIZE("setMaxFieldSize is set on the statement",
            "Do not call Statement.setMaxFieldSize for reads that should be cached."),
    /** {@code setEscapeProcessing(false)}: the text reaches the database differently. */
    ESCAPE_PROCESSING_OFF("escape processing is off on the statement",
            "Leave escape processing on for reads that should be cached."),
    /** A bound parameter (a stream, a LOB, an unknown type) cannot be captured faithfully for the key. */
    PARAMETER_NOT_CAPTURABLE("a bound parameter cannot be part of a key",
            "Bind plain values (numbers, strings, dates) instead of streams or LOBs."),
    /** A relation read is a view, a partitioned or inheritance table, or unknown to the metadata. */
    RELATION_NOT_PLAIN_TABLE("reads a relation whose writes Strata cannot see",
            "Read the base tables instead of views or partitioned parents, or accept it."),
    // ---- the connection
    /** SET/USE, a temporary table, or code Strata cannot see into ran on this connection. */
    SESSION_CHANGED("session state may have changed on this connection",
            "Avoid SET/set_config and temporary tables on pooled connections, or reset them with DISCARD ALL."),
    /** A transaction begun with SQL (BEGIN / START TRANSACTION). */
    SQL_TRANSACTION("inside a transaction begun with SQL",
            "Use Connection.setAutoCommit(false)/commit() instead of BEGIN/COMMIT statements."),
    /** READ UNCOMMITTED, or a transaction above READ COMMITTED. */
    ISOLATION("transaction isolation other than READ COMMITTED",
            "Reads above READ COMMITTED are never cached; use READ COMMITTED where a cached read is acceptable."),
    /** The open transaction wrote a table the read depends on (or something unknown). */
    TRANSACTION_WROTE("the open transaction wrote what the read depends on",
            "Read before writing in the transaction, or accept that its own writes are read live."),
    /**
     * The invalidation bus is not listening (not yet connected, or reconnecting): writes of other instances
     * may be missed, so nothing is served from the cache for that database (doubt means stale).
     */
    INVALIDATION_BUS_DOWN("the invalidation bus is not listening",
            "Check the database connection of the invalidation listener (see docs/invalidation.md)."),
    /** One of Strata's own failures (a tier error, an analyser bug): degraded to pass-through. */
    STRATA_FAILURE("one of Strata's own failures",
            "See the WARN logged for the first failure of its kind and strataFailures in JdbcStats.");

    private final String description;
    private final String advice;

    UncachedReason(String description, String advice) {
        this.description = description;
        this.advice = advice;
    }

    /** What to change so that such reads can use the cache, for the warning when most reads run uncached. */
    public String advice() {
        return advice;
    }

    /** A phrase for logs and messages. */
    public String description() {
        return description;
    }
}
