package org.stratacache.jdbc.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stratacache.jdbc.proxy.ForwardingProof.assertDriversExceptionsPassThrough;
import static org.stratacache.jdbc.proxy.ForwardingProof.assertForwards;
import static org.stratacache.jdbc.proxy.ForwardingProof.methodsOf;
import static org.stratacache.jdbc.proxy.ForwardingProof.notDeclared;
import static org.stratacache.jdbc.proxy.ForwardingProof.proxy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.jdbc.cache.ConnectionState;
import org.stratacache.jdbc.cache.StrataContext;

/**
 * The proof that the statements' hand-written forwarding is complete ({@link StrataStatement},
 * {@link StrataPreparedStatement}, {@link StrataCallableStatement}): every method of the JDBC interface is declared
 * by a Strata class, and every method Strata does not act on reaches the driver's statement exactly once with the
 * very arguments given, answers what the driver answered and lets what the driver threw through unchanged. What
 * Strata does act on is listed below with the reason; the read, write and batch paths have their tests against
 * real databases ({@code ReadWritePathTest}, {@code NoWayAroundTest}, {@code WriteBehindTablesTest}).
 */
class StatementForwardingTest {
    /** Calls that reach the driver once, whose answer is Strata's own, and why. */
    private static final Map<String, String> ANSWERED_HERE = Map.of(
            "getResultSet()", "the driver's result set leads back to the Strata statement (LiveResultSet)",
            "getGeneratedKeys()", "the driver's result set leads back to the Strata statement (LiveResultSet)",
            "getArray(int)", "an array whose result sets lead back to the Strata statement",
            "getArray(String)", "an array whose result sets lead back to the Strata statement");

    /** Calls that do not simply reach the driver, and why. */
    private static final Map<String, String> NOT_FORWARDED = Map.of(
            "executeQuery()", "a read: the cache answers, or the read path runs it on the driver (ReadWritePathTest)",
            "executeQuery(String)", "a read: the cache answers, or the read path runs it on the driver",
            "execute()", "the prepared SQL here is a read: as executeQuery",
            "getConnection()", "the Strata connection, never the driver's (NoWayAroundTest)",
            "setArray(int, Array)", "the key holds a copy of the array's elements, read from the Array given "
                    + "(ArrayParameterTest)");

    private final StrataContext context = StrataContext.create(StrataConfig.of(Map.of()));
    /** Stands for the connection (Strata's and the driver's): auto-commit, read committed, no metadata. */
    private final Connection strataConnection = proxy(Connection.class, (self, method, args) ->
            switch (method.getName()) {
                case "getAutoCommit" -> Boolean.TRUE;
                case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                default -> method.getReturnType() == boolean.class ? Boolean.FALSE
                        : method.getReturnType() == int.class ? 0 : null;
            });
    private final ConnectionState state = newState();

    private ConnectionState newState() {
        try {
            return new ConnectionState(context, strataConnection, "jdbc:h2:mem:forwarding", "sa", null, null);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Statement plain(Statement driver) {
        return new StrataStatement(driver, state, strataConnection, false, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1);
    }

    private PreparedStatement prepared(PreparedStatement driver) {
        String sql = "select v from t where id = ?";
        return new StrataPreparedStatement(driver, state, strataConnection, sql, context.analyze(sql),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    private CallableStatement callable(CallableStatement driver) {
        String sql = "{call f(?)}";
        return new StrataCallableStatement(driver, state, strataConnection, sql, context.analyze(sql),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Test
    void everyMethod_isDeclaredByAStrataClass() {
        assertThat(methodsOf(CallableStatement.class)).hasSizeGreaterThan(230);
        assertThat(notDeclared(Statement.class, StrataStatement.class)).as("Statement").isEmpty();
        assertThat(notDeclared(PreparedStatement.class, StrataPreparedStatement.class)).as("PreparedStatement")
                .isEmpty();
        assertThat(notDeclared(CallableStatement.class, StrataCallableStatement.class)).as("CallableStatement")
                .isEmpty();
    }

    @Test
    void everyMethodStrataDoesNotActOn_reachesTheDriverOnce_withTheSameArguments_andAnswersItsValue()
            throws Exception {
        SoftAssertions softly = new SoftAssertions();
        assertForwards(softly, Statement.class, this::plain, ANSWERED_HERE.keySet(), NOT_FORWARDED.keySet());
        assertForwards(softly, PreparedStatement.class, this::prepared, ANSWERED_HERE.keySet(),
                NOT_FORWARDED.keySet());
        assertForwards(softly, CallableStatement.class, this::callable, ANSWERED_HERE.keySet(),
                NOT_FORWARDED.keySet());
        softly.assertAll();
    }

    @Test
    void everyMethod_letsTheDriversExceptionThroughUnchanged() {
        SoftAssertions softly = new SoftAssertions();
        assertDriversExceptionsPassThrough(softly, Statement.class, this::plain, NOT_FORWARDED.keySet());
        assertDriversExceptionsPassThrough(softly, PreparedStatement.class, this::prepared, NOT_FORWARDED.keySet());
        assertDriversExceptionsPassThrough(softly, CallableStatement.class, this::callable, NOT_FORWARDED.keySet());
        softly.assertAll();
    }
}
