package org.stratacache.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Test databases: a fresh H2 in-memory database, and the PostgreSQL that {@code .ci/pg} started. */
final class Databases {
    private Databases() {
    }

    /** A fresh, uniquely named H2 in-memory database that lives until the JVM exits. */
    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    /**
     * The PostgreSQL from {@code STRATA_PG_URL}. When it is missing or unreachable the test is skipped, unless
     * {@code STRATA_PG_REQUIRED=true} (CI), where it fails.
     */
    static PGSimpleDataSource postgres() {
        String url = System.getenv("STRATA_PG_URL");
        boolean required = "true".equalsIgnoreCase(System.getenv("STRATA_PG_REQUIRED"));
        if (url == null || url.isBlank()) {
            if (required) {
                throw new IllegalStateException("STRATA_PG_REQUIRED=true but STRATA_PG_URL is not set");
            }
            assumeTrue(false, "PostgreSQL tests skipped: STRATA_PG_URL is not set (run eval \"$(.ci/pg start)\")");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(envOr("STRATA_PG_USER", "postgres"));
        ds.setPassword(envOr("STRATA_PG_PASSWORD", ""));
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (required) {
                throw new IllegalStateException("STRATA_PG_REQUIRED=true but PostgreSQL at " + url
                        + " is unreachable: " + e.getMessage(), e);
            }
            assumeTrue(false, "PostgreSQL tests skipped: " + url + " unreachable: " + e.getMessage());
        }
        return ds;
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Settings for a test's own store (unique name so JMX and logs tell them apart). */
    static Properties settings(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("strata.store.name", "test-" + UUID.randomUUID());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static void exec(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
