package org.stratacache.hibernate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL that {@code .ci/pg start} started ({@code STRATA_PG_URL}, {@code _USER}, {@code _PASSWORD}). Tests
 * that need it are skipped when it is not there, unless {@code STRATA_PG_REQUIRED=true}, where they fail.
 */
final class PgDatabase {
    private PgDatabase() {
    }

    /** Skips (or fails, when required) the calling test unless PostgreSQL answers. */
    static void require() {
        String url = System.getenv("STRATA_PG_URL");
        boolean required = "true".equalsIgnoreCase(System.getenv("STRATA_PG_REQUIRED"));
        if (url == null || url.isBlank()) {
            if (required) {
                throw new IllegalStateException("STRATA_PG_REQUIRED=true but STRATA_PG_URL is not set");
            }
            assumeTrue(false, "PostgreSQL tests skipped: STRATA_PG_URL is not set (run eval \"$(.ci/pg start)\")");
        }
        try (Connection c = connect()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (required) {
                throw new IllegalStateException("STRATA_PG_REQUIRED=true but PostgreSQL at " + url + " is unreachable",
                        e);
            }
            assumeTrue(false, "PostgreSQL tests skipped: " + url + " unreachable: " + e.getMessage());
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv("STRATA_PG_URL"), envOr("STRATA_PG_USER", "postgres"),
                envOr("STRATA_PG_PASSWORD", ""));
    }

    static void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Hibernate settings for Strata over this PostgreSQL, local tier, query cache on. */
    static Map<String, Object> hibernateSettings(String storeName, String invalidationMode) {
        Map<String, Object> s = new HashMap<>();
        s.put("hibernate.connection.url", System.getenv("STRATA_PG_URL"));
        s.put("hibernate.connection.username", envOr("STRATA_PG_USER", "postgres"));
        s.put("hibernate.connection.password", envOr("STRATA_PG_PASSWORD", ""));
        s.put("hibernate.connection.pool_size", "4");
        s.put("hibernate.hbm2ddl.auto", "none");
        s.put("hibernate.cache.use_second_level_cache", "true");
        s.put("hibernate.cache.use_query_cache", "true");
        s.put("hibernate.cache.region.factory_class", "strata");
        s.put("hibernate.generate_statistics", "true");
        s.put("strata.store.name", storeName);
        s.put("strata.invalidation.mode", invalidationMode);
        if (invalidationMode.equals("poll")) {
            s.put("strata.invalidation.poll-interval", "50ms");
        }
        return s;
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
