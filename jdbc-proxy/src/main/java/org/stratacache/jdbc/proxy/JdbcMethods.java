package org.stratacache.jdbc.proxy;

import java.util.HashMap;
import java.util.Map;

/**
 * The JDBC methods Strata's statement proxy acts on, by name: the one table that says which calls are reads,
 * which are writes, which settings change the key, and which answers come from Strata after a hit. Every
 * method not named here is forwarded to the driver unchanged. (Connection-level methods are few and are
 * dispatched in {@link ConnectionHandler}.)
 */
enum JdbcMethods {
    /** {@code executeQuery()} / {@code executeQuery(sql)}: always a read. */
    EXECUTE_QUERY("executeQuery"),
    /** {@code execute(…)}: a read when the SQL is a query and no generated keys are asked for, else a write. */
    EXECUTE("execute"),
    /** {@code executeUpdate}, {@code executeLargeUpdate}: writes. */
    EXECUTE_UPDATE("executeUpdate", "executeLargeUpdate"),
    ADD_BATCH("addBatch"),
    CLEAR_BATCH("clearBatch"),
    /** {@code executeBatch}, {@code executeLargeBatch}: writes, some entries possibly queued for write-behind. */
    EXECUTE_BATCH("executeBatch", "executeLargeBatch"),
    /** Answered by Strata after a hit or a queued insert (the database never ran the statement). */
    GET_RESULT_SET("getResultSet"),
    GET_UPDATE_COUNT("getUpdateCount"),
    GET_LARGE_UPDATE_COUNT("getLargeUpdateCount"),
    GET_MORE_RESULTS("getMoreResults"),
    /** Settings that change what a query returns: part of the key, or a reason to bypass the cache. */
    SET_MAX_ROWS("setMaxRows", "setLargeMaxRows"),
    SET_MAX_FIELD_SIZE("setMaxFieldSize"),
    SET_ESCAPE_PROCESSING("setEscapeProcessing"),
    SET_FETCH_DIRECTION("setFetchDirection"),
    CLEAR_PARAMETERS("clearParameters"),
    /** Answers the connection proxy, never the driver's connection. */
    GET_CONNECTION("getConnection"),
    CLOSE("close"),
    /** Any other method: a {@code set…(index, …)} parameter setter, a common method, or plain forwarding. */
    OTHER();

    private static final Map<String, JdbcMethods> BY_NAME = new HashMap<>();

    static {
        for (JdbcMethods m : values()) {
            for (String name : m.names) {
                BY_NAME.put(name, m);
            }
        }
    }

    private final String[] names;

    JdbcMethods(String... names) {
        this.names = names;
    }

    static JdbcMethods of(String name) {
        return BY_NAME.getOrDefault(name, OTHER);
    }
}
