package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Issue 16, through Strata on H2 and on PostgreSQL (skipped without {@code STRATA_PG_URL}): every SQL construct
 * that is not a function call (ANY/ALL/SOME, IN, ARRAY and subscripts, casts, CASE, COALESCE/NULLIF/GREATEST/
 * LEAST, EXTRACT, LIKE/ILIKE/SIMILAR TO, regular expressions, range and JSON operators, window functions,
 * deterministic built-ins) is cached; what reads the clock, a random source, a sequence or the session, and what
 * is too complex to analyse, runs uncached without invalidating anything or tainting the connection; a call of
 * a user's function runs uncached and invalidates everything.
 *
 * <p>Each row runs twice on a fresh connection, counting hits; a canary result cached on another connection
 * shows whether the row invalidated everything, and a fresh query run twice on the row's connection whether it
 * tainted that connection.
 */
class AnalysisMatrixTest {

    private enum Expect { CACHED, UNCACHED, INVALIDATES_ALL }

    /** One construct: its SQL, what must happen, and the array parameter to bind (null: none). */
    private record Row(String construct, String sql, Expect expect, Integer[] arrayParameter) {
        Row(String construct, String sql, Expect expect) {
            this(construct, sql, expect, null);
        }
    }

    private static final String TOO_DEEP = "select id from item where " + "(".repeat(40) + "qty > 1"
            + ")".repeat(40);

    private static List<Row> common() {
        return List.of(
                new Row("= ANY(ARRAY[…])", "select id from item where id = any (array[1, 2]) order by id", Expect.CACHED),
                new Row("= ANY(?) with an array (Hibernate's batch fetch)",
                        "select id from item where id = any (?) order by id", Expect.CACHED, new Integer[] {1, 2}),
                new Row("<> ALL(subquery)", "select id from item where id <> all (select id from other) order by id",
                        Expect.CACHED),
                new Row("= SOME(subquery)", "select id from item where id = some (select id from other)", Expect.CACHED),
                new Row("IN", "select id from item where id in (1, 2) and qty not in (5)", Expect.CACHED),
                // (an array-typed result column would stream: the driver's Array is a live handle)
                new Row("ARRAY constructor and subscript", "select (array[qty, id])[1], cardinality(array[id, 2]) "
                        + "from item", Expect.CACHED),
                new Row("CAST", "select cast(qty as varchar(20)), cast(id as bigint) from item", Expect.CACHED),
                new Row("CASE, COALESCE, NULLIF, GREATEST, LEAST", "select case when qty > 10 then 'many' else 'few' "
                        + "end, coalesce(name, '?'), nullif(qty, 0), greatest(qty, 1), least(qty, 100) from item",
                        Expect.CACHED),
                new Row("EXTRACT", "select extract(year from d), extract(month from d) from item", Expect.CACHED),
                new Row("LIKE, ILIKE", "select id from item where name like 'o%' or name ilike 'T%' or name not like "
                        + "'x%'", Expect.CACHED),
                new Row("window functions", "select id, row_number() over (order by qty desc), sum(qty) over (), "
                        + "lag(qty) over (partition by name order by id) from item", Expect.CACHED),
                new Row("aggregates with FILTER", "select count(*) filter (where qty > 10), max(qty) from item",
                        Expect.CACHED),
                new Row("deterministic built-ins", "select upper(name), lower(name), length(name), abs(qty), "
                        + "round(qty / 3.0, 2), substring(name, 1, 2), trim(name), concat(name, 'x'), "
                        + "replace(name, 'o', '0'), name || '!', mod(qty, 3) from item", Expect.CACHED),
                new Row("EXISTS and a subquery in ORDER BY", "select exists(select 1 from other) from item "
                        + "order by (select max(v) from other), id", Expect.CACHED),
                new Row("now()", "select now()", Expect.UNCACHED),
                new Row("CURRENT_TIMESTAMP", "select id, current_timestamp from item", Expect.UNCACHED),
                new Row("CURRENT_USER", "select current_user", Expect.UNCACHED),
                new Row("random()", "select random()", Expect.UNCACHED),
                new Row("nesting deeper than the limit", TOO_DEEP, Expect.UNCACHED),
                new Row("a user's function", "select my_abs(qty) from item", Expect.INVALIDATES_ALL));
    }

    @Test
    void everyConstruct_onH2() throws SQLException {
        DataSource raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create sequence seq", "create alias my_abs for 'java.lang.Math.abs(int)'");
        List<Row> rows = new ArrayList<>(common());
        rows.addAll(List.of(
                new Row(":: cast", "select qty::varchar from item", Expect.CACHED),
                new Row("REGEXP_LIKE", "select id from item where regexp_like(name, '^o')", Expect.CACHED),
                new Row("H2 built-ins", "select ifnull(name, 'x'), casewhen(qty > 1, 1, 2), array_contains(array[1, 2], "
                        + "qty), nvl2(name, 1, 2) from item", Expect.CACHED),
                new Row("NEXT VALUE FOR", "select next value for seq", Expect.UNCACHED),
                new Row("RAND, RANDOM_UUID", "select rand(), random_uuid()", Expect.UNCACHED)));
        runMatrix(raw, rows);
    }

    @Test
    void everyConstruct_onPostgresql() throws SQLException {
        DataSource raw = Postgres.connectOrSkip();
        Databases.exec(raw, "drop table if exists item", "drop table if exists other", "drop sequence if exists seq",
                "create sequence seq",
                "create or replace function my_abs(x int) returns int language sql as 'select abs(x)'");
        try {
            List<Row> rows = new ArrayList<>(common());
            rows.addAll(List.of(
                    new Row(":: cast", "select qty::varchar, id::bigint, (array[id]::text[])[1] from item", Expect.CACHED),
                    new Row("SIMILAR TO", "select id from item where name similar to 'o%'", Expect.CACHED),
                    new Row("regular expressions", "select id from item where name ~ '^o' or name ~* '^T' or name !~ 'x'",
                            Expect.CACHED),
                    new Row("range operators", "select int4range(1, 5) && int4range(qty, qty + 1), "
                            + "int4range(1, 50) @> qty, lower(int4range(1, 5)), isempty(int4range(1, 1)) from item",
                            Expect.CACHED),
                    // (as text: a jsonb column comes back as a driver object, which is not cached)
                    new Row("JSON operators", "select (j -> 'a')::text, j ->> 'a', (j #> '{a}')::text, "
                            + "j @> '{\"a\": 1}', j ? 'a' from (select jsonb_build_object('a', qty) as j from item) s",
                            Expect.CACHED),
                    new Row("set-returning built-ins", "select generate_series(1, 3), unnest(array[1, 2])",
                            Expect.CACHED),
                    new Row("an operator the parser runs away on", "select int4range(1, 3) -|- int4range(3, 5)",
                            Expect.UNCACHED),
                    new Row("nextval", "select nextval('seq')", Expect.UNCACHED),
                    new Row("gen_random_uuid", "select gen_random_uuid()", Expect.UNCACHED),
                    new Row("current_setting", "select current_setting('search_path')", Expect.UNCACHED)));
            runMatrix(raw, rows);
        } finally {
            Databases.exec(raw, "drop table if exists item", "drop table if exists other", "drop sequence if exists seq",
                    "drop function if exists my_abs(int)");
        }
    }

    private static void runMatrix(DataSource raw, List<Row> rows) throws SQLException {
        Databases.exec(raw, "create table item(id int primary key, name varchar(50), qty int, d date)",
                "create table other(id int primary key, v int)",
                "insert into item values (1, 'one', 10, date '2024-01-02'), (2, 'two', 20, null), "
                        + "(3, null, 0, date '2023-05-06')",
                "insert into other values (1, 100), (2, 0)");
        List<String> failures = new ArrayList<>();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings());
             Connection probe = ds.getConnection()) {
            for (Row row : rows) {
                String failure = check(ds, probe, row);
                if (failure != null) {
                    failures.add(row.construct + " [" + row.sql + "]: " + failure);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** What went wrong with {@code row}, or null. */
    private static String check(StrataDataSource ds, Connection probe, Row row) throws SQLException {
        String canary = "select v from other where id = 1";
        run(probe, canary, null);
        run(probe, canary, null); // cached now
        try (Connection c = ds.getConnection()) {
            long before = ds.statistics().hits();
            run(c, row.sql, row.arrayParameter);
            run(c, row.sql, row.arrayParameter);
            // On a loaded machine the first analysis of a text may overrun its budget (the text then runs uncached
            // and is analysed again at its 2nd, 4th, 8th sight): a cacheable text must hit within its first 8 runs,
            // an uncacheable one never.
            for (int runs = 2; row.expect == Expect.CACHED && ds.statistics().hits() == before && runs < 8; runs++) {
                run(c, row.sql, row.arrayParameter);
            }
            long rowHits = ds.statistics().hits() - before;
            if ((rowHits >= 1) != (row.expect == Expect.CACHED)) {
                return "expected " + row.expect + " but " + (rowHits >= 1 ? "a run hit" : "no run hit");
            }
            long canaryBefore = ds.statistics().hits();
            run(probe, canary, null);
            boolean invalidated = ds.statistics().hits() == canaryBefore;
            if (invalidated != (row.expect == Expect.INVALIDATES_ALL)) {
                return "expected " + row.expect + " but it " + (invalidated ? "invalidated" : "kept") + " the cache";
            }
            String fresh = "select name from item where id = 2 and " + System.nanoTime() + " > 0";
            long freshBefore = ds.statistics().hits();
            run(c, fresh, null);
            run(c, fresh, null);
            boolean tainted = ds.statistics().hits() == freshBefore;
            if (tainted != (row.expect == Expect.INVALIDATES_ALL)) {
                return "expected " + row.expect + " but the connection is " + (tainted ? "" : "not ") + "tainted";
            }
        }
        return null;
    }

    private static void run(Connection c, String sql, Integer[] arrayParameter) throws SQLException {
        if (arrayParameter == null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                drain(rs);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("integer", arrayParameter));
            try (ResultSet rs = ps.executeQuery()) {
                drain(rs);
            }
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                rs.getString(i);
            }
        }
    }
}
