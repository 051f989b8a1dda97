package org.stratacache.jdbc.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stratacache.jdbc.proxy.ForwardingProof.assertDriversExceptionsPassThrough;
import static org.stratacache.jdbc.proxy.ForwardingProof.assertForwards;
import static org.stratacache.jdbc.proxy.ForwardingProof.inert;
import static org.stratacache.jdbc.proxy.ForwardingProof.methodsOf;
import static org.stratacache.jdbc.proxy.ForwardingProof.notDeclared;
import static org.stratacache.jdbc.proxy.ForwardingProof.proxy;
import static org.stratacache.jdbc.proxy.ForwardingProof.signature;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.stratacache.jdbc.proxy.ForwardingProof.Recorder;

/**
 * The proof that {@link LiveResultSet}'s hand-written forwarding is complete: every method of {@link ResultSet}
 * (with those of {@code Wrapper} and {@code AutoCloseable}) is declared by LiveResultSet, reaches the driver's
 * result set exactly once with the very arguments given, answers what the driver answered and lets what the
 * driver threw through unchanged. The few answers LiveResultSet makes itself are listed in
 * {@link #ANSWERED_HERE} with the reason, and have tests of their own.
 */
class LiveResultSetForwardingTest {
    /** Methods whose call reaches the driver but whose answer is LiveResultSet's own, and why. */
    private static final Map<String, String> ANSWERED_HERE = Map.of(
            "getStatement()", "the Strata statement, so that its connection's writes invalidate",
            "getArray(int)", "an array whose result sets lead back to the Strata statement",
            "getArray(String)", "an array whose result sets lead back to the Strata statement");

    private final Statement strataStatement = inert(Statement.class);

    @Test
    void everyResultSetMethod_isDeclaredByLiveResultSet() {
        assertThat(methodsOf(ResultSet.class)).hasSizeGreaterThan(190);
        assertThat(notDeclared(ResultSet.class, LiveResultSet.class))
                .as("inherited, so not forwarded (a JDBC default method)").isEmpty();
    }

    @Test
    void everyResultSetMethod_reachesTheDriverOnce_withTheSameArguments_andAnswersItsValue() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        assertForwards(softly, ResultSet.class, rs -> LiveResultSet.wrap(rs, strataStatement),
                ANSWERED_HERE.keySet(), Set.of());
        softly.assertAll();
    }

    @Test
    void everyResultSetMethod_letsTheDriversExceptionThroughUnchanged() {
        SoftAssertions softly = new SoftAssertions();
        assertDriversExceptionsPassThrough(softly, ResultSet.class, rs -> LiveResultSet.wrap(rs, strataStatement),
                Set.of());
        softly.assertAll();
    }

    @Test
    void theAnswersMadeHere_areListedFromResultSetsOwnMethods() {
        Set<String> all = new TreeSet<>();
        methodsOf(ResultSet.class).forEach(m -> all.add(signature(m)));
        assertThat(all).containsAll(ANSWERED_HERE.keySet());
    }

    @Test
    void getStatement_checksWithTheDriver_andAnswersTheStrataStatement() throws SQLException {
        Recorder recorder = new Recorder(null);
        ResultSet live = LiveResultSet.wrap(recorder.of(ResultSet.class), strataStatement);

        assertThat(live.getStatement()).isSameAs(strataStatement);
        assertThat(recorder.calls).extracting(c -> c.method().getName()).containsExactly("getStatement");
    }

    @Test
    void getArray_answersAnArrayWhoseResultSetsLeadBack() throws SQLException {
        Recorder arrayRows = new Recorder(null);
        Array driverArray = proxy(Array.class, (self, method, args) ->
                method.getName().equals("getResultSet") ? arrayRows.of(ResultSet.class) : null);
        ResultSet driver = proxy(ResultSet.class, (self, method, args) ->
                method.getName().equals("getArray") ? driverArray : null);
        ResultSet live = LiveResultSet.wrap(driver, strataStatement);

        assertThat(live.getArray(1).getResultSet().getStatement()).isSameAs(strataStatement);
        assertThat(live.getArray("a").getResultSet().getStatement()).isSameAs(strataStatement);
    }

    @Test
    void getObject_ofAResultSet_leadsBack() throws SQLException {
        ResultSet cursor = new Recorder(null).of(ResultSet.class);
        ResultSet driver = proxy(ResultSet.class, (self, method, args) ->
                method.getName().equals("getObject") ? cursor : null);
        ResultSet live = LiveResultSet.wrap(driver, strataStatement);

        assertThat(((ResultSet) live.getObject(1)).getStatement()).isSameAs(strataStatement);
        assertThat(((ResultSet) live.getObject("c")).getStatement()).isSameAs(strataStatement);
        assertThat(live.getObject(1, ResultSet.class).getStatement()).isSameAs(strataStatement);
        assertThat(((ResultSet) live.getObject(1, Map.of())).getStatement()).isSameAs(strataStatement);
    }

    @Test
    void unwrapAndIsWrapperFor_answerForLiveResultSetItself_withoutTheDriver() throws SQLException {
        Recorder recorder = new Recorder(null);
        ResultSet live = LiveResultSet.wrap(recorder.of(ResultSet.class), strataStatement);

        assertThat(live.unwrap(ResultSet.class)).isSameAs(live);
        assertThat(live.isWrapperFor(ResultSet.class)).isTrue();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void toString_namesTheDriversClass_withoutAskingTheDriver() {
        Recorder recorder = new Recorder(null);
        ResultSet driver = recorder.of(ResultSet.class);

        assertThat(LiveResultSet.wrap(driver, strataStatement).toString())
                .isEqualTo("StrataResultSet[" + driver.getClass().getName() + "]");
        assertThat(recorder.calls).isEmpty();
    }
}
