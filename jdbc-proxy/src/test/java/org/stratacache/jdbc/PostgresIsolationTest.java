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
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/** Database users, roles and transactions on PostgreSQL. */
class PostgresIsolationTest {
    private static final String SUFFIX = Long.toHexString(System.nanoTime());
    private static final String SECRET = "secret_" + SUFFIX;
    private static final String OWNER = "owner_" + SUFFIX;
    private static final String NOBODY = "nobody_" + SUFFIX;
    private static UrlDataSource admin;

    @BeforeAll
    static void setUp() throws SQLException {
        admin = Postgres.connectOrSkip();
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

    /** Hibernate's schema tooling on PostgreSQL sends {@code set client_min_messages}; the pool keeps the connection. */
    @Test
    void resultNeutralSetting_keepsTheConnectionCaching_whileSearchPathStopsIt() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("set client_min_messages = WARNING");
                s.execute("set statement_timeout = '30s'");
            }
            assertThat(payload(c)).isEqualTo("classified");
            assertThat(payload(c)).isEqualTo("classified");
            assertThat(ds.statistics().hits()).isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.execute("set search_path = public");
            }
            assertThat(payload(c)).isEqualTo("classified");
            assertThat(ds.statistics().hits()).isEqualTo(1);
            assertThat(ds.statistics().uncached(UncachedReason.SESSION_CHANGED)).isEqualTo(1);
        }
    }

    @Test
    void driverUrl_cachesAndPassesPropertiesToTheRealDriver() throws SQLException {
        String url = "jdbc:strata:" + admin.url().substring("jdbc:".length());
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

    /**
     * Session state changed by code rather than by a SET statement: {@code set_config}, a procedure that
     * calls it, or a temporary table that shadows a real one. The connection that changed it must not share results with the others afterwards, in either
     * direction, although its URL, user and (here) its reported schema say nothing changed.
     */
    @Test
    void sessionChangedByAFunctionOrProcedure_isNotSharedWithOtherConnections() throws SQLException {
        String tenant = "tenant_" + SUFFIX;
        String table = "shared_name_" + SUFFIX;
        String procedure = "use_" + tenant;
        Databases.exec(admin, "create schema " + tenant,
                "create table public." + table + "(id int primary key, owner text)",
                "insert into public." + table + " values (1, 'public')",
                "create table " + tenant + "." + table + "(id int primary key, owner text)",
                "insert into " + tenant + "." + table + " values (1, 'tenant')",
                "create procedure " + procedure + "() language plpgsql as $$ begin "
                        + "perform set_config('search_path', '" + tenant + ", public', false); end $$");
        String read = "select owner from " + table + " where id = 1";
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings())) {
            for (String change : new String[] {
                    "select set_config('search_path', '" + tenant + ", public', false)", "call " + procedure + "()",
                    "create temp table " + table + " as select 1 as id, 'tenant'::text as owner"}) {
                try (Connection changed = ds.getConnection(); Connection plain = ds.getConnection();
                     Statement s = changed.createStatement()) {
                    assertThat(single(changed, read)).as("read before the change").isEqualTo("public");
                    s.execute(change);
                    assertThat(single(changed, read)).as("after " + change).isEqualTo("tenant");
                    assertThat(single(plain, read)).as("another connection after " + change).isEqualTo("public");
                    assertThat(single(changed, read)).as("again after " + change).isEqualTo("tenant");
                }
            }
        } finally {
            Databases.exec(admin, "drop procedure if exists " + procedure, "drop schema " + tenant + " cascade",
                    "drop table if exists public." + table);
        }
    }

    /** The multi-tenant row-level-security pattern: the tenant is a custom setting, set per connection. */
    @Test
    void rowLevelSecurityTenantSetting_neverServesAnotherTenantsRows() throws SQLException {
        String table = "rls_doc_" + SUFFIX;
        Databases.exec(admin, "create table " + table + "(id int primary key, tenant int, body text)",
                "insert into " + table + " values (1, 1, 'for tenant 1'), (2, 2, 'for tenant 2')",
                "alter table " + table + " enable row level security",
                "create policy tenant_only on " + table + " using (tenant = current_setting('app.tenant')::int)",
                "grant select on " + table + " to " + OWNER);
        String read = "select string_agg(body, ',') from " + table;
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection first = ds.getConnection(OWNER, "owner-pw");
             Connection second = ds.getConnection(OWNER, "owner-pw")) {
            Connection[] tenants = {first, second};
            for (int t = 0; t < tenants.length; t++) {
                try (Statement s = tenants[t].createStatement()) {
                    s.execute("select set_config('app.tenant', '" + (t + 1) + "', false)");
                }
            }
            for (int round = 0; round < 2; round++) {
                for (int t = 0; t < tenants.length; t++) {
                    assertThat(single(tenants[t], read)).isEqualTo("for tenant " + (t + 1));
                }
            }
        } finally {
            Databases.exec(admin, "drop table if exists " + table);
        }
    }

    /** pgjdbc cuts text to a statement's max field size: such a read must neither store nor get a full value. */
    @Test
    void maxFieldSize_cutValues_areNeverSharedWithOtherStatements() throws SQLException {
        String read = "select payload from " + SECRET + " where id = 1";
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection c = ds.getConnection(OWNER, "owner-pw");
             Statement cut = c.createStatement(); Statement full = c.createStatement()) {
            cut.setMaxFieldSize(3);
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = cut.executeQuery(read)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("cla");
                }
                try (ResultSet rs = full.executeQuery(read)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("classified");
                }
            }
            assertThat(ds.statistics().hits()).as("the full read, once").isEqualTo(1);
        }
    }

    /**
     * Writes that change a table they do not name: through an updatable view, into an inheritance child read
     * through its parent, into a partition through its partitioned parent.
     */
    @Test
    void writesThroughViewsParentsAndPartitions_leaveNothingStale() throws SQLException {
        String base = "rel_base_" + SUFFIX;
        String view = "rel_view_" + SUFFIX;
        String parent = "rel_parent_" + SUFFIX;
        String child = "rel_child_" + SUFFIX;
        String partitioned = "rel_part_" + SUFFIX;
        String partition = "rel_part_a_" + SUFFIX;
        Databases.exec(admin, "create table " + base + "(id int primary key, v text)",
                "insert into " + base + " values (1, 'old')",
                "create view " + view + " as select * from " + base,
                "create table " + parent + "(id int)", "create table " + child + "() inherits (" + parent + ")",
                "insert into " + parent + " values (1)",
                "create table " + partitioned + "(id int) partition by range (id)",
                "create table " + partition + " partition of " + partitioned + " for values from (0) to (100)",
                "insert into " + partitioned + " values (1)");
        String[][] cases = {
                // {read, write, expected after the write}
                {"select v from " + base + " where id = 1", "update " + view + " set v = 'new'", "new"},
                {"select count(*) from " + parent, "insert into " + child + " values (2)", "2"},
                {"select count(*) from " + partition, "insert into " + partitioned + " values (2)", "2"}};
        try (StrataDataSource ds = StrataDataSource.wrap(admin, Databases.settings());
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String[] k : cases) {
                String before = single(c, k[0]);
                assertThat(single(c, k[0])).isEqualTo(before);
                s.executeUpdate(k[1]);
                assertThat(single(c, k[0])).as(k[1]).isEqualTo(k[2]);
            }
        } finally {
            Databases.exec(admin, "drop view if exists " + view, "drop table if exists " + base,
                    "drop table if exists " + child, "drop table if exists " + parent,
                    "drop table if exists " + partitioned);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
