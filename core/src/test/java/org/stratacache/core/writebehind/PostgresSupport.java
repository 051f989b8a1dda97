package org.stratacache.core.writebehind;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The throwaway PostgreSQL of {@code .ci/pg}: its data source, and stopping/starting it for outage tests.
 * Without {@code STRATA_PG_URL} (or with an unreachable server) a test is skipped, unless
 * {@code STRATA_PG_REQUIRED=true} (CI), where it fails.
 */
final class PostgresSupport {
    private PostgresSupport() {
    }

    static PGSimpleDataSource dataSourceOrSkip() {
        boolean required = Boolean.parseBoolean(System.getenv("STRATA_PG_REQUIRED"));
        String url = System.getenv("STRATA_PG_URL");
        if (url == null || url.isBlank()) {
            if (required) {
                fail("STRATA_PG_REQUIRED=true but STRATA_PG_URL is not set: start one with eval \"$(.ci/pg start)\"");
            }
            Assumptions.abort("PostgreSQL test skipped: STRATA_PG_URL is not set (eval \"$(.ci/pg start)\")");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(System.getenv().getOrDefault("STRATA_PG_USER", "postgres"));
        ds.setPassword(System.getenv().getOrDefault("STRATA_PG_PASSWORD", ""));
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (required) {
                fail("STRATA_PG_REQUIRED=true but PostgreSQL at " + url + " is unreachable: " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL test skipped: " + url + " is unreachable: " + e.getMessage());
        }
        return ds;
    }

    /** Runs {@code $STRATA_PG_CTL <command>} (stop, start-again); fails the test when it does not succeed. */
    static void control(String command) throws Exception {
        String ctl = System.getenv("STRATA_PG_CTL");
        if (ctl == null) {
            fail("STRATA_PG_CTL is not set: the outage test needs the server of .ci/pg");
        }
        Process p = new ProcessBuilder(ctl, command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("$STRATA_PG_CTL " + command + " failed");
        }
    }
}
