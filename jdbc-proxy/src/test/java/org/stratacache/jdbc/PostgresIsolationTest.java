package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Database users, roles and transactions on PostgreSQL. */
class PostgresIsolationTest {
    private static final String SUFFIX = Long.toHexString(System.nanoTime());
    private static final String SECRET = "secret_" + SUFFIX;
    private static final String OWNER = "owner_" + SUFFIX;
    private static final String NOBODY = "nobody_" + SUFFIX;
    private static PGSimpleDataSource admin;

    @BeforeAll
    static void setUp() throws SQLException {
        admin = Databases.postgres();
        Databases.exec(admin, "create role " + OWNER + " login password 'owner-pw'",
                "create role " + NOBODY + " login password 'nobody-pw'",
                "create table " + SECRET + "(id int primary key, payload text)",
                "insert into " + SECRET + " values (1, 'classified')",
                "grant select on " + SECRET + " to " + OWNER);
    }

    @AfterAll
    static void tearDown() throws SQLException {
        if (admin != null) {
            Databases.exec(admin, "drop table if exists " + SECRET, "drop role if exists " + OWNER,
                    "drop role if exists " + NOBODY);
        }
    }

    private static String payload(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select payload from " + SECRET
                + " where id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void unprivilegedUser_neverGetsAnotherUsersCachedRows() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings())) {
            try (Connection owner = ds.getConnection(OWNER, "owner-pw")) {
                assertThat(payload(owner)).isEqualTo("classified");
                assertThat(payload(owner)).isEqualTo("classified");
            }
            assertThat(ds.statistics().hits()).isEqualTo(1);
            try (Connection nobody = ds.getConnection(NOBODY, "nobody-pw")) {
                assertThatThrownBy(() -> payload(nobody)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
            assertThat(ds.statistics().hits()).isEqualTo(1);
        }
    }

    @Test
    void setRole_taintsTheConnection_soTheRolesPermissionsApply() throws SQLException {
        Databases.exec(admin, "grant " + NOBODY + " to " + OWNER);
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection owner = ds.getConnection(OWNER, "owner-pw")) {
            assertThat(payload(owner)).isEqualTo("classified");
            try (Statement s = owner.createStatement()) {
                s.execute("set role " + NOBODY);
            }
            assertThatThrownBy(() -> payload(owner)).isInstanceOf(SQLException.class);
        } finally {
            Databases.exec(admin, "revoke " + NOBODY + " from " + OWNER);
        }
    }

    @Test
    void driverUrl_cachesAndPassesPropertiesToTheRealDriver() throws SQLException {
        String url = "jdbc:strata:" + System.getenv("STRATA_PG_URL").substring("jdbc:".length());
        java.util.Properties p = Databases.settings();
        p.setProperty("user", OWNER);
        p.setProperty("password", "owner-pw");
        try (Connection c = java.sql.DriverManager.getConnection(url, p)) {
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
            assertThat(c.toString()).doesNotContain("owner-pw");
            assertThat(payload(c)).isEqualTo("classified");
            Databases.exec(admin, "update " + SECRET + " set payload = 'changed' where id = 1");
            assertThat(payload(c)).as("served from the cache").isEqualTo("classified");
            try (Statement s = c.createStatement()) {
                Databases.exec(admin, "grant update on " + SECRET + " to " + OWNER);
                s.executeUpdate("update " + SECRET + " set payload = 'classified' where id = 1");
            }
            assertThat(payload(c)).isEqualTo("classified");
        }
    }

    @Test
    void repeatableReadTransaction_isNotCached() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            payload(c);
            payload(c);
            c.commit();
            assertThat(ds.statistics().hits()).isZero();
            assertThat(ds.statistics().uncached()).isEqualTo(2);
        }
    }
}
