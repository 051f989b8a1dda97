package org.stratacache.jdbc;

/**
 * Why a statement that writes a write-behind table ({@code strata.write-behind.tables}) ran on the database
 * instead of being queued: the bounded set every such statement maps to, decided in
 * {@code org.stratacache.jdbc.writebehind.QueuedInserts} and counted per reason in {@link JdbcStats}. Each one
 * first waits for the table's queued rows to be written; each table and reason is logged once, with what to
 * change.
 */
public enum NotQueuedReason {
    /** UPDATE, DELETE, MERGE, TRUNCATE or DDL: only inserts are queued. */
    NOT_AN_INSERT("not an INSERT: only INSERT … VALUES is queued",
            "expected for updates and deletes; each one waits for the table's queue to be written first"),
    /** INSERT … SELECT, WITH, RETURNING, ON CONFLICT / ON DUPLICATE KEY. */
    INSERT_NOT_VALUES("an INSERT that is not a plain INSERT … VALUES (SELECT, WITH, RETURNING or an upsert clause)",
            "write a plain INSERT … VALUES to have it queued"),
    /** A VALUES cell that is not {@code ?}, a number, a string or NULL. */
    UNSUPPORTED_VALUE("a VALUES cell is not ?, a number, a string or NULL (a function, an expression, DEFAULT, ?1)",
            "compute the value in the application and bind it as a parameter"),
    /** {@code RETURN_GENERATED_KEYS} or column names/indexes asked for keys. */
    GENERATED_KEYS("generated keys were requested", "generate keys in the application (ids, UUIDs) and do not ask "
            + "for generated keys on write-behind tables"),
    /** A bound parameter that cannot be captured (a stream, a LOB) or is not bound. */
    PARAMETER_NOT_CAPTURABLE("a bound parameter cannot be captured (a stream, a LOB, an unknown type)",
            "bind plain values (setString, setBytes, setLong …)"),
    /** No column list, and the table's columns could not be read or do not match the VALUES. */
    COLUMNS_UNKNOWN("no column list, and the table's columns could not be read from DatabaseMetaData (not found, "
            + "ambiguous across schemas, or a different number of values)", "name the columns: INSERT INTO t (c1, …) "
            + "VALUES (…)"),
    /** The queue stayed full for {@code strata.write-behind.offer-timeout}: the rows were inserted directly. */
    QUEUE_FULL("the queue stayed full for strata.write-behind.offer-timeout; the rows were inserted directly",
            "raise strata.write-behind.queue-capacity or offer-timeout, or find why the queue drains slowly");

    private final String description;
    private final String advice;

    NotQueuedReason(String description, String advice) {
        this.description = description;
        this.advice = advice;
    }

    /** A phrase for logs and messages. */
    public String description() {
        return description;
    }

    /** What to change to have such statements queued. */
    public String advice() {
        return advice;
    }
}
