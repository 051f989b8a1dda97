package org.stratacache.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.stratacache.testsupport.H2;

/** Store settings and statements for the tests (databases come from test-support: H2, Postgres). */
final class Databases {
    private Databases() {
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

    /** The environment variable {@code name}, or {@code fallback} when it is not set. */
    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Runs statements on the H2 database of {@code url}, as user sa. */
    static void exec(String url, String... sql) throws SQLException {
        H2.dataSource(url).execute(sql);
    }
}
