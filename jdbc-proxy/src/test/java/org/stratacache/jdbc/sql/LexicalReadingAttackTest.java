package org.stratacache.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Statements PostgreSQL 15 and/or H2 2.x accept that the lexical reading ({@link SqlShape}, {@code SqlAnalyzer}'s
 * plain verdicts) once read wrongly: a table the query reads missing from a cacheable analysis (a stale result
 * after a write to it), a write that invalidated nothing, a query reading the clock cached. Each statement is
 * also run on the database(s) that accept it, so that a test never guards against SQL no database runs.
 */
class LexicalReadingAttackTest {
    private final SqlAnalyzer analyzer = new SqlAnalyzer(10, Duration.ofSeconds(60));

    /** A statement, the tables it reads, and where it runs. */
    private record Case(String sql, Set<String> reads, boolean postgres, boolean h2) {
    }

    private static final String TIME_ZONE_CAST =
            "select o.created::timestamp with time zone as c, l.amount from orders o, lines l";
    private static final String TIME_ZONE_LITERAL = "select id from orders where created > "
            + "timestamp with time zone '2020-01-01 00:00:00+00' union select order_id from lines";
    private static final String TIME_ZONE_SUBQUERY = "select id from orders where created > "
            + "(select max(l.shipped)::timestamp with time zone from lines l)";
    private static final String ORDINALITY =
            "select u.x, o.id from unnest(array[1, 2]) with ordinality as u(x, n), orders o";
    private static final String ORDINALITY_JOIN =
            "select u.x from unnest(array[1, 2]) with ordinality as u(x, n) join orders o on o.id = u.x";
    private static final String SEARCH = "with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) "
            + "search depth first by n set ord select t.n, o.id from t, orders o";
    private static final String CYCLE = "with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) "
            + "cycle n set is_cycle using path select t.n, o.id from t, orders o";
    /** PostgreSQL: the operator '/', then a comment; H2: a line comment. */
    private static final String SLASH_STAR = "select 8 //* half */ 2 as n, id from orders";
    private static final String SLASH_STAR_UNION =
            "select id from orders where id = 1 //* c */ 1 union select order_id from lines";
    /** H2 reads U+3000 as white space, PostgreSQL as a letter of an identifier. */
    private static final String IDEOGRAPHIC_SPACE_H2 = "select id\u3000from orders";
    private static final String IDEOGRAPHIC_SPACE_PG = "select 1 from orders \u3000where, lines";

    private static final List<Case> READS = List.of(
            new Case(TIME_ZONE_CAST, Set.of("orders", "lines"), true, true),
            new Case(TIME_ZONE_LITERAL, Set.of("orders", "lines"), true, true),
            new Case(TIME_ZONE_SUBQUERY, Set.of("orders", "lines"), true, true),
            new Case(ORDINALITY, Set.of("orders"), true, true),
            new Case(ORDINALITY_JOIN, Set.of("orders"), true, true),
            new Case(SEARCH, Set.of("orders"), true, false),
            new Case(CYCLE, Set.of("orders"), true, false),
            new Case(SLASH_STAR, Set.of("orders"), true, true),
            new Case(SLASH_STAR_UNION, Set.of("orders", "lines"), true, true),
            new Case(IDEOGRAPHIC_SPACE_H2, Set.of("orders"), false, true),
            new Case(IDEOGRAPHIC_SPACE_PG, Set.of("orders", "lines"), true, false));

    /** Queries reading the clock in a date/time input PostgreSQL evaluates at execution. */
    private static final List<String> CLOCK = List.of(
            "select $$now$$::timestamptz as t, id from orders",
            "select 'tomorrow 13:00'::timestamp as t, id from orders",
            "select '{now}'::timestamp[] as t, id from orders",
            "select '[today,tomorrow)'::daterange as r, id from orders",
            "select E'no\\x77'::timestamptz as t, id from orders",
            "select U&'no\\0077'::timestamptz as t, id from orders");

    /** A user's record-returning function (volatile, reading lines) with a column definition list. */
    private static final String RECORD_FUNCTION = "select p.a, p.b from pairs(1) as p(a int, b int)";
    private static final String RECORD_FUNCTION_AFTER_TABLE =
            "select o.id, a from orders o, pairs(o.id) as (a int, b int)";
    private static final String RECORD_FUNCTION_IN_CTE = "with w as (select * from pairs(1) as (a int, b int)) "
            + "select a from w";

    /** PostgreSQL and H2 nest block comments: this is a DELETE, not the SELECT in the comment. */
    private static final String NESTED_COMMENT_DELETE = "/* /* */ select 1 */ delete from lines where id = 99";

    /**
     * PostgreSQL calls {@code order_total(o)} for {@code o.order_total} (attribute notation of a function of a
     * composite type); the function reads {@code lines}. Not fixed: no lexical or parsed reading can tell a
     * column from such a call without the catalog.
     */
    private static final String ATTRIBUTE_NOTATION_CALL = "select o.id, o.order_total from orders o";

    @Test
    void withOutsideAQueryStart_timeZoneOrdinality_doesNotHideTheRestOfTheQuery() {
        for (Case c : READS.subList(0, 5)) {
            assertReads(c);
        }
    }

    @Test
    void searchAndCycleClausesOfARecursiveCte_doNotHideTheQuery() {
        assertReads(READS.get(5));
        assertReads(READS.get(6));
    }

    @Test
    void slashSlash_isNoCommentToPostgres_theRelationsAfterItCount() {
        assertReads(READS.get(7));
        assertReads(READS.get(8));
    }

    @Test
    void nonAsciiSpace_splitsTokensOnH2Only_theRelationsAroundItCount() {
        assertReads(READS.get(9));
        assertReads(READS.get(10));
    }

    @Test
    void backtick_isAnOperatorCharacterToPostgres_theRelationsAfterItCount() {
        // with CREATE OPERATOR ` (PostgreSQL allows it): "1 ` 2" is a call, the FROM between the backticks is real
        SqlAnalysis a = twice("select 1 ` 2 as x from orders where 1 ` 1");
        assertThat(!a.cacheable() || a.readTables().contains("orders")).as(a.toString()).isTrue();
    }

    @Test
    void clockInADateTimeInput_isNeverCached() {
        for (String sql : CLOCK) {
            assertThat(twice(sql).cacheable()).as(sql).isFalse();
        }
    }

    @Test
    void deleteAfterANestedCommentHoldingASelect_isAWrite() {
        SqlAnalysis a = twice(NESTED_COMMENT_DELETE);
        assertThat(a.isRead()).as(a.toString()).isFalse();
        assertThat(a.invalidatesAll() || a.writtenTables().contains("lines")).as(a.toString()).isTrue();
    }

    /**
     * PostgreSQL's record-returning function with a column definition list, {@code f(…) AS (…)}, looked to the
     * lexical reading like a CTE's column list: the call went unseen, so a read of a volatile user function (or
     * one reading other tables) was cached as a read of nothing.
     */
    @Test
    void recordFunctionWithAColumnDefinitionList_isACall() {
        for (String sql : List.of(RECORD_FUNCTION, RECORD_FUNCTION_AFTER_TABLE, RECORD_FUNCTION_IN_CTE)) {
            SqlAnalysis a = twice(sql);
            assertThat(a.userFunctions()).as(sql + " -> " + a).isNotNull();
            assertThat(a.userFunctions().names()).as(sql + " -> " + a).contains("pairs");
        }
    }

    /** FINDING (not fixed, also on the parser's path): fails until the analysis knows the catalog's functions. */
    @Test
    @org.junit.jupiter.api.Disabled("known gap, in docs/jdbc.md: PostgreSQL's attribute notation o.f calls a function f(orders);"
            + " telling it from a column needs the catalog's functions on row types")
    void finding_attributeNotationCallOfAFunctionReadingAnotherTable_isNotCachedUnderItsOwnTableOnly() {
        SqlAnalysis a = twice(ATTRIBUTE_NOTATION_CALL);
        assertThat(!a.cacheable() || a.readTables().contains("lines")).as(a.toString()).isTrue();
    }

    @Test
    void everyStatement_runsOnH2() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:attack;DB_CLOSE_DELAY=-1");
             Statement s = c.createStatement()) {
            schema(s, false);
            for (Case k : READS) {
                if (k.h2()) {
                    s.execute(k.sql());
                }
            }
            s.execute(NESTED_COMMENT_DELETE);
            s.execute("select `id` from `ORDERS`"); // H2 reads backticks as quotes
        }
    }

    @Test
    void everyStatement_runsOnPostgres() throws SQLException {
        String url = System.getenv("STRATA_PG_URL");
        if (url == null) {
            System.out.println("LexicalReadingAttackTest: STRATA_PG_URL unset, PostgreSQL check skipped");
        }
        assumeTrue(url != null || "true".equals(System.getenv("STRATA_PG_REQUIRED")));
        try (Connection c = DriverManager.getConnection(url, System.getenv("STRATA_PG_USER"),
                System.getenv().getOrDefault("STRATA_PG_PASSWORD", ""));
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("create schema attack_" + ProcessHandle.current().pid());
                s.execute("set local search_path = attack_" + ProcessHandle.current().pid());
                schema(s, true);
                for (Case k : READS) {
                    if (k.postgres()) {
                        s.execute(k.sql());
                    }
                }
                for (String sql : CLOCK) {
                    s.execute(sql);
                }
                s.execute(NESTED_COMMENT_DELETE);
                s.execute(ATTRIBUTE_NOTATION_CALL);
                s.execute("create function pairs(int) returns setof record language sql volatile "
                        + "as 'select order_id, amount from lines where order_id >= $1'");
                for (String sql : List.of(RECORD_FUNCTION, RECORD_FUNCTION_AFTER_TABLE, RECORD_FUNCTION_IN_CTE)) {
                    s.execute(sql);
                }
                s.execute("create function bt(int, int) returns int language sql immutable as 'select $1 + $2'");
                s.execute("create operator ` (function = bt, leftarg = int, rightarg = int)");
                s.execute("select 1 ` 2 as x from orders where 1 ` 1 = 2");
            } finally {
                c.rollback();
            }
        }
    }

    private static void schema(Statement s, boolean postgres) throws SQLException {
        s.execute("create table orders(id int primary key, created timestamp, total int)");
        s.execute("create table lines(id int, order_id int, amount int, shipped timestamp)");
        s.execute("insert into orders values (1, timestamp '2024-01-01 00:00:00', 10)");
        s.execute("insert into lines values (1, 1, 5, timestamp '2024-01-02 00:00:00')");
        if (postgres) {
            s.execute("create function order_total(orders) returns bigint language sql stable "
                    + "as 'select sum(amount) from lines where order_id = $1.id'");
        }
    }

    private void assertReads(Case c) {
        SqlAnalysis a = twice(c.sql());
        assertThat(!a.cacheable() || a.readTables().containsAll(c.reads())).as(c.sql() + " -> " + a).isTrue();
    }

    /** The analysis an application gets from its second execution on (the first is not kept). */
    private SqlAnalysis twice(String sql) {
        analyzer.analyze(sql);
        SqlAnalysis second = analyzer.analyze(sql);
        assertThat(second.readTables()).isEqualTo(analyzer.compute(sql).readTables());
        return second;
    }
}
