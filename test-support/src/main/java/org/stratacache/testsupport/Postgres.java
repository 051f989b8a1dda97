package org.stratacache.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The throwaway PostgreSQL that {@code .ci/pg start} runs, as the {@code STRATA_PG_*} variables it exports
 * describe it.
 *
 * <p>The rule every PostgreSQL test follows: when no server is configured ({@code STRATA_PG_URL} unset) or
 * it cannot be reached, the test is <em>skipped</em> and a line on the console says why, once per test class
 * and reason; with {@code STRATA_PG_REQUIRED=true} (CI) the test <em>fails</em> instead.
 * <pre>{@code
 * UrlDataSource pg = Postgres.connectOrSkip();   // in @BeforeEach / @BeforeAll or the test itself
 * }</pre>
 */
public final class Postgres {
    public static final String URL = "STRATA_PG_URL";
    public static final String USER = "STRATA_PG_USER";
    public static final String PASSWORD = "STRATA_PG_PASSWORD";
    public static final String REQUIRED = "STRATA_PG_REQUIRED";
    public static final String CTL = "STRATA_PG_CTL";

    private static final String HOW_TO_START = "start one with eval \"$(.ci/pg start)\"";
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private Postgres() {
    }

    /**
     * A data source for the configured server, after one connection to it succeeded. Skips the calling test
     * (saying why on the console) when there is none or it does not answer; fails it instead when
     * {@code STRATA_PG_REQUIRED=true}.
     */
    public static UrlDataSource connectOrSkip() {
        return connectOrSkip(System.getenv(), callerName());
    }

    static UrlDataSource connectOrSkip(Map<String, String> env, String caller) {
        boolean required = "true".equalsIgnoreCase(env.get(REQUIRED));
        String url = env.get(URL);
        if (url == null || url.isBlank()) {
            throw unavailable(required, caller, URL + " is not set (" + HOW_TO_START + ")", null);
        }
        UrlDataSource ds = new UrlDataSource(url, env.getOrDefault(USER, "postgres"),
                env.getOrDefault(PASSWORD, ""));
        try (Connection c = ds.getConnection()) {
            if (!c.isValid(5)) {
                throw new SQLException("the connection did not answer within 5 s");
            }
        } catch (SQLException e) {
            throw unavailable(required, caller, "cannot connect to " + url + ": " + e.getMessage(), e);
        }
        return ds;
    }

    /**
     * Runs {@code $STRATA_PG_CTL <command>} ({@code stop}, {@code start-again}, {@code restart}): outage
     * tests stop and restart the server of {@code .ci/pg}. Fails the test when it is not set or does not
     * succeed within 90 seconds.
     */
    public static void control(String command) throws InterruptedException {
        String ctl = System.getenv(CTL);
        if (ctl == null || ctl.isBlank()) {
            Assertions.fail(CTL + " is not set: this outage test needs the server of .ci/pg (" + HOW_TO_START + ")");
        }
        Process p;
        try {
            p = new ProcessBuilder(ctl, command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot run $" + CTL + " " + command, e);
        }
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            Assertions.fail("$" + CTL + " " + command + " failed");
        }
    }

    /** Fails (required) or skips (otherwise, after saying why on the console); always throws. */
    private static RuntimeException unavailable(boolean required, String caller, String reason, Throwable cause) {
        if (required) {
            Assertions.fail(REQUIRED + "=true, but PostgreSQL is not available to " + caller + ": " + reason, cause);
        }
        String message = "PostgreSQL tests of " + caller + " skipped: " + reason + "; " + REQUIRED
                + "=true makes this a failure";
        if (TOLD.add(caller + '\n' + reason)) {
            System.out.println("[SKIPPED] " + message);
            System.out.flush();
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The simple name of the class that called into this one: the test class, normally. */
    private static String callerName() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c != Postgres.class)
                .findFirst()
                .map(Class::getSimpleName)
                .orElse("?"));
    }
}
