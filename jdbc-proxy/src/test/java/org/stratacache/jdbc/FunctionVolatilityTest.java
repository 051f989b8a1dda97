package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.management.ObjectName;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Issue 16: a user function's volatility comes from the database's catalog (PostgreSQL {@code pg_proc.provolatile},
 * H2 {@code INFORMATION_SCHEMA.ROUTINES.IS_DETERMINISTIC}). Immutable: the read is cached, invalidates nothing and
 * leaves the connection clean; stable: uncached ({@link UncachedReason#STABLE_FUNCTION}), nothing invalidated,
 * connection clean; volatile or unknown: uncached, everything invalidated, connection tainted. DDL through Strata
 * makes the next read ask again. Every result read through Strata equals the database's.
 *
 * <p>Each probe runs the query twice on a fresh connection (a hit on the second run: cached), then a canary cached
 * beforehand on another connection (no hit: everything was invalidated), then a fresh query twice on the probe's
 * connection (no hit: the connection is tainted).
 */
class FunctionVolatilityTest {

    /** What one statement did to the cache. */
    private record Outcome(boolean cached, boolean invalidatedAll, boolean tainted) {
        static final Outcome CACHED = new Outcome(true, false, false);
        static final Outcome UNCACHED = new Outcome(false, false, false);
        static final Outcome UNKNOWN = new Outcome(false, true, true);
    }

    // ---- H2 ---------------------------------------------------------------------------------------------------

    private static DataSource h2() throws SQLException {
        DataSource raw = H2.newMemory("fnvol");
        Databases.exec(raw, "create table item(id int primary key, qty int)",
                "create table other(id int primary key, v int)",
                "insert into item values (1, -10), (2, 20)", "insert into other values (1, 100)",
                "create alias det_abs deterministic for 'java.lang.Math.abs(int)'",
                "create alias vol_abs for 'java.lang.Math.abs(int)'");
        return raw;
    }

    @Test
    void h2_deterministicAlias_isCached_withoutInvalidatingOrTainting_andAskedOnce() throws Exception {
        DataSource raw = h2();
        Properties settings = Databases.settings("strata.statistics.jmx", "true");
        try (StrataDataSource ds = StrataDataSource.wrap(raw, settings)) {
            assertThat(probe(ds, raw, "select det_abs(qty) from item order by id")).isEqualTo(Outcome.CACHED);
            assertThat(probe(ds, raw, "select public.det_abs(qty), id from item order by id"))
                    .as("schema-qualified").isEqualTo(Outcome.CACHED);
            assertThat(probe(ds, raw, "select det_abs(qty) from item order by id")).isEqualTo(Outcome.CACHED);
            JdbcStats stats = ds.statistics();
            assertThat(stats.functionLookups()).as("det_abs and public.det_abs, each asked once").isEqualTo(2);
            assertThat(stats.functionLookupFailures()).isZero();
            assertThat(stats.uncached(UncachedReason.UNKNOWN_FUNCTION)).isZero();
            ObjectName bean = new ObjectName("org.stratacache:type=JdbcStatistics,"
                    + "store=" + ObjectName.quote(settings.getProperty("strata.store.name")));
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(bean, "FunctionLookups")).as("over JMX").isEqualTo(2L);
        }
    }

    @Test
    void h2_aliasNotDeclaredDeterministic_runsUncached_invalidatesAll_andTaints() throws SQLException {
        DataSource raw = h2();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            assertThat(probe(ds, raw, "select vol_abs(qty) from item order by id")).isEqualTo(Outcome.UNKNOWN);
            assertThat(probe(ds, raw, "select det_abs(qty), vol_abs(id) from item order by id"))
                    .as("the worst function decides").isEqualTo(Outcome.UNKNOWN);
            assertThat(probe(ds, raw, "select database_path() from item"))
                    .as("a name the catalog does not hold (a built-in Strata does not list) is unknown")
                    .isEqualTo(Outcome.UNKNOWN);
            assertThat(ds.statistics().uncached(UncachedReason.UNKNOWN_FUNCTION)).isEqualTo(6);
        }
    }

    @Test
    void h2_aliasRedefinedThroughStrata_isAskedAgain_soTheNextReadRunsUncached() throws SQLException {
        DataSource raw = h2();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            String sql = "select det_abs(qty) from item order by id";
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.CACHED);
            Databases.exec(ds, "drop alias det_abs", "create alias det_abs for 'java.lang.Math.abs(int)'");
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.UNKNOWN);
            assertThat(ds.statistics().functionLookups()).isEqualTo(2);
        }
    }

    @Test
    void h2_catalogAnswers_areKeptForTheTtl_aChangeByAnotherClientIsSeenOnceTheyExpire() throws SQLException {
        DataSource raw = h2();
        String sql = "select det_abs(qty) from item order by id";
        try (StrataDataSource ds = StrataDataSource.wrap(raw,
                Databases.settings("strata.jdbc.function-catalog-ttl", "0"))) {
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.CACHED);
            assertThat(ds.statistics().functionLookups()).as("asked at every execution").isEqualTo(2);
            // not through Strata: with a TTL of 0 the next execution asks again and sees it
            Databases.exec(raw, "drop alias det_abs", "create alias det_abs for 'java.lang.Math.abs(int)'");
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.UNKNOWN);
        }
    }

    @Test
    void h2_insideATransaction_theLookupRunsOutsideIt_andTheReadIsCached() throws SQLException {
        DataSource raw = h2();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings()); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String sql = "select det_abs(qty) from item order by id";
            assertThat(rows(c, sql)).isEqualTo(rows(raw, sql));
            assertThat(rows(c, sql)).isEqualTo(rows(raw, sql));
            c.commit();
            assertThat(ds.statistics().hits()).isEqualTo(1);
            assertThat(ds.statistics().functionLookups()).isEqualTo(1);
        }
    }

    @Test
    void h2_aWriteCallingADeterministicAlias_invalidatesItsTableOnly_andDoesNotTaint() throws SQLException {
        DataSource raw = h2();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings());
             Connection probe = ds.getConnection(); Connection c = ds.getConnection()) {
            String canary = "select v from other where id = 1";
            rows(probe, canary);
            rows(probe, canary);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update item set qty = det_abs(qty) where id = 1");
            }
            long hits = ds.statistics().hits();
            rows(probe, canary);
            assertThat(ds.statistics().hits()).as("the canary survived").isEqualTo(hits + 1);
            String fresh = "select qty from item where id = 1";
            assertThat(rows(c, fresh)).isEqualTo(List.of(List.of("10")));
            rows(c, fresh);
            assertThat(ds.statistics().hits()).as("the writing connection still caches").isEqualTo(hits + 2);
        }
    }

    // ---- PostgreSQL ---------------------------------------------------------------------------------------------

    private static final String[] PG_CLEANUP = {"drop table if exists fv_item", "drop table if exists fv_other",
        "drop function if exists fv_imm(int)", "drop function if exists fv_stab(int)",
        "drop function if exists fv_vol(int)", "drop function if exists fv_tenant(text)",
        "drop function if exists fv_over(int)", "drop function if exists fv_over(text)",
        "drop function if exists fv_g(int)", "drop schema if exists fv_s cascade"};

    private static DataSource pg() throws SQLException {
        DataSource raw = Postgres.connectOrSkip();
        Databases.exec(raw, PG_CLEANUP);
        Databases.exec(raw, "create table fv_item(id int primary key, qty int)",
                "create table fv_other(id int primary key, v int)",
                "insert into fv_item values (1, -10), (2, 20)", "insert into fv_other values (1, 100)",
                "create function fv_imm(x int) returns int language sql immutable as 'select abs(x) + 1'",
                "create function fv_stab(x int) returns int language sql stable "
                        + "as 'select x + (select count(*)::int from fv_other)'",
                "create function fv_vol(x int) returns int language sql volatile as 'select abs(x) + 2'",
                "create function fv_tenant(t text) returns text language sql volatile "
                        + "as 'select set_config(''app.tenant'', t, false)'");
        return raw;
    }

    @Test
    void pg_immutableCached_stableUncachedWithoutInvalidating_volatileInvalidatesAndTaints() throws SQLException {
        DataSource raw = pg();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            assertThat(probe(ds, raw, "select fv_imm(qty) from fv_item order by id")).isEqualTo(Outcome.CACHED);
            assertThat(probe(ds, raw, "select fv_stab(qty) from fv_item order by id")).isEqualTo(Outcome.UNCACHED);
            assertThat(probe(ds, raw, "select fv_imm(qty), fv_stab(id) from fv_item order by id"))
                    .as("stable is the worst").isEqualTo(Outcome.UNCACHED);
            assertThat(probe(ds, raw, "select fv_vol(qty) from fv_item order by id")).isEqualTo(Outcome.UNKNOWN);
            assertThat(probe(ds, raw, "select fv_imm(qty), fv_vol(id) from fv_item order by id"))
                    .as("volatile is the worst").isEqualTo(Outcome.UNKNOWN);
            JdbcStats stats = ds.statistics();
            assertThat(stats.uncached(UncachedReason.STABLE_FUNCTION)).isEqualTo(4);
            assertThat(stats.uncached(UncachedReason.UNKNOWN_FUNCTION)).isEqualTo(4);
            assertThat(stats.functionLookups()).isEqualTo(3);
            assertThat(stats.functionLookupFailures()).isZero();
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_stableFunctionReadingATable_isNeverServedStale() throws SQLException {
        DataSource raw = pg();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings()); Connection c = ds.getConnection()) {
            String sql = "select fv_stab(qty) from fv_item where id = 2"; // 20 + rows of fv_other
            assertThat(rows(c, sql)).isEqualTo(List.of(List.of("21")));
            Databases.exec(raw, "insert into fv_other values (2, 0)"); // not a table the statement names
            assertThat(rows(c, sql)).isEqualTo(List.of(List.of("22")));
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_stableFunctionReadingAWriteBehindTable_seesEveryAcknowledgedRow() throws SQLException {
        DataSource raw = pg();
        Databases.exec(raw, "drop table if exists fv_wb", "create table fv_wb(id int primary key)",
                "create function fv_wb_count() returns int language sql stable "
                        + "as 'select count(*)::int from fv_wb'");
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.write-behind.tables",
                "fv_wb", "strata.write-behind.max-delay", "1h")); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("insert into fv_wb values (1)")).isEqualTo(1);
            }
            assertThat(rows(c, "select fv_wb_count()")).as("the queued row is flushed before the function reads")
                    .isEqualTo(List.of(List.of("1")));
        } finally {
            Databases.exec(raw, "drop function if exists fv_wb_count()", "drop table if exists fv_wb");
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_volatileFunctionCallingSetConfig_taintsTheSession() throws SQLException {
        DataSource raw = pg();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings()); Connection c = ds.getConnection()) {
            String fresh = "select qty from fv_item where id = 2";
            rows(c, fresh);
            rows(c, fresh);
            assertThat(ds.statistics().hits()).as("clean before").isEqualTo(1);
            assertThat(rows(c, "select fv_tenant('acme')")).isEqualTo(List.of(List.of("acme")));
            rows(c, fresh);
            rows(c, fresh);
            assertThat(ds.statistics().hits()).as("tainted after set_config").isEqualTo(1);
            assertThat(ds.statistics().uncached(UncachedReason.SESSION_CHANGED)).isEqualTo(2);
            assertThat(rows(c, "select current_setting('app.tenant')")).isEqualTo(List.of(List.of("acme")));
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_immutableRedefinedAsVolatileThroughStrata_makesTheNextReadUncached() throws SQLException {
        DataSource raw = pg();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            String sql = "select fv_imm(qty) from fv_item order by id";
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.CACHED);
            Databases.exec(ds, "create or replace function fv_imm(x int) returns int language sql volatile "
                    + "as 'select abs(x) + 5'");
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.UNKNOWN);
            // and inside a transaction: the answers are forgotten again at its commit, since a lookup by another
            // connection before it (here: the one below) still reads the old, volatile definition
            try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("create or replace function fv_imm(x int) returns int language sql immutable "
                            + "as 'select abs(x) + 7'");
                }
                assertThat(rows(c, sql)).isEqualTo(List.of(List.of("17"), List.of("27")));
                assertThat(rows(other, sql)).isEqualTo(List.of(List.of("15"), List.of("25")));
                c.commit();
            }
            assertThat(probe(ds, raw, sql)).isEqualTo(Outcome.CACHED);
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_overloads_theWorstCounts_andASchemaNarrowsTheLookup() throws SQLException {
        DataSource raw = pg();
        Databases.exec(raw, "create function fv_over(x int) returns int language sql immutable as 'select x'",
                "create function fv_over(x text) returns text language sql volatile as 'select x'",
                "create schema fv_s",
                "create function fv_s.fv_g(x int) returns int language sql immutable as 'select x * 2'",
                "create function fv_g(x int) returns int language sql volatile as 'select x * 3'");
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            assertThat(probe(ds, raw, "select fv_over(qty) from fv_item order by id"))
                    .as("the planner picks the overload; Strata cannot, so one volatile overload decides")
                    .isEqualTo(Outcome.UNKNOWN);
            assertThat(probe(ds, raw, "select fv_s.fv_g(qty) from fv_item order by id")).isEqualTo(Outcome.CACHED);
            assertThat(probe(ds, raw, "select fv_g(qty) from fv_item order by id"))
                    .as("unqualified: every schema's function of that name counts").isEqualTo(Outcome.UNKNOWN);
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    @Test
    void pg_insideAnAbortedTransaction_theLookupStillWorks_andTheDatabaseErrorIsUnchanged() throws SQLException {
        DataSource raw = pg();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings()); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String sql = "select fv_imm(qty) from fv_item order by id";
            assertThatThrownBy(() -> rows(c, "select 1 / 0")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows(c, sql)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            assertThat(ds.statistics().functionLookupFailures()).isZero();
            assertThat(ds.statistics().functionLookups()).isEqualTo(1);
            assertThat(rows(c, sql)).isEqualTo(rows(raw, sql));
            assertThat(rows(c, sql)).isEqualTo(rows(raw, sql));
            c.commit();
            assertThat(ds.statistics().hits()).isEqualTo(1);
        } finally {
            Databases.exec(raw, PG_CLEANUP);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Runs {@code sql} as the class comment says, checking every result against the database's. */
    private static Outcome probe(StrataDataSource ds, DataSource raw, String sql) throws SQLException {
        String canary = "select v from " + (sql.contains("fv_item") ? "fv_other" : "other") + " where id = 1";
        try (Connection probe = ds.getConnection(); Connection c = ds.getConnection()) {
            rows(probe, canary);
            rows(probe, canary);
            List<List<String>> expected = rows(raw, sql);
            assertThat(rows(c, sql)).as(sql).isEqualTo(expected);
            long before = ds.statistics().hits();
            assertThat(rows(c, sql)).as(sql).isEqualTo(expected);
            boolean cached = ds.statistics().hits() > before;
            long canaryBefore = ds.statistics().hits();
            rows(probe, canary);
            boolean invalidated = ds.statistics().hits() == canaryBefore;
            String fresh = "select id from " + (sql.contains("fv_item") ? "fv_item" : "item") + " where "
                    + System.nanoTime() + " > 0 order by id";
            long freshBefore = ds.statistics().hits();
            rows(c, fresh);
            rows(c, fresh);
            boolean tainted = ds.statistics().hits() == freshBefore;
            return new Outcome(cached, invalidated, tainted);
        }
    }

    private static List<List<String>> rows(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return rows(c, sql);
        }
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
