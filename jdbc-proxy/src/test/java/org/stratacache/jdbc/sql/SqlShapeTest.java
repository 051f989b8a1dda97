package org.stratacache.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlShapeTest {

    @Test
    void depth_countsParenthesesAndBracketsOutsideLiteralsAndComments() {
        assertThat(SqlShape.of("select ((a)) from t").maxDepth()).isEqualTo(2);
        assertThat(SqlShape.of("select a[(1)] from t").maxDepth()).isEqualTo(2);
        assertThat(SqlShape.of("select '((((' , \"(((\" /* (((( */ -- ((((\n from t").maxDepth()).isZero();
        assertThat(SqlShape.of("select $$((($$, $x$((($x$ from t").maxDepth()).isZero();
        assertThat(SqlShape.of("select (a) + (b) from t").maxDepth()).isEqualTo(1);
    }

    @Test
    void operators_unknownToTheParser_areFound_unarySignsAndParametersAreNot() {
        assertThat(SqlShape.of("select (((1 -|- 2)))").unknownOperator()).isEqualTo("-|-");
        assertThat(SqlShape.of("select a # b from t").unknownOperator()).isEqualTo("#");
        for (String fine : new String[] {"select a from t where a=-1 and b<>+2 and c>=-3", "select a from t where a=?",
                "select a from t where ?=a", "select a ->> 'x', a #>> '{a}', a @> b, a <@ b, a && b from t",
                "select a from t where b ~* 'x' and c !~ 'y' and d || 'z' = ?", "select count(*) from t",
                "select a from t where j ?| array['a'] and j ?& array['b']", "select a*-1, a/-2, a%3 from t",
                "select @x, @@y", "select 1 -- |#|\n from t"}) {
            assertThat(SqlShape.of(fine).unknownOperator()).as(fine).isNull();
        }
    }

    @Test
    void operators_ofPostgresqlOrH2_areNotAUsers() {
        assertThat(SqlShape.of("select r -|- s, a # b, |/ c from t").userOperator()).isNull();
        assertThat(SqlShape.of("select a === b from t").userOperator()).isEqualTo("===");
    }

    @Test
    void calls_areNamesBeforeAParenthesis_butNotSqlConstructs() {
        SqlShape shape = SqlShape.of("select lower(a), s.f(b), \"Q\"(c), count(*) over (partition by d), "
                + "cast(e as numeric(10, 2)), e::varchar(20), a = any(?), b in (1), exists (select 1), "
                + "array(select 1), row(1, 2), sum(x) filter (where y > 0), max(z) within group (order by z) "
                + "from t as x(a, b) join u using (id) where (a, b) in ((1, 2)) group by cube(a)");
        assertThat(shape.calls()).containsExactly(List.of("lower"), List.of("s", "f"), List.of("\"Q\""),
                List.of("count"), List.of("cast"), List.of("sum"), List.of("max"));
    }

    @Test
    void calls_leaveOutCteColumnListsAndInsertColumnLists() {
        assertThat(SqlShape.of("with c(a, b) as (select f(1), 2), d(x) as materialized (select 1) "
                + "select * from c, d").calls()).containsExactly(List.of("f"));
        assertThat(SqlShape.of("insert into t (a, b) values (g(?), ?)").calls()).containsExactly(List.of("g"));
        assertThat(SqlShape.of("select f(x) as y, g(z) as w from t").calls())
                .containsExactly(List.of("f"), List.of("g"));
        assertThat(SqlShape.of("with a as (select 1), b(x) as (select 2), c(y) as not materialized ((select 3)) "
                + "select * from a, b, c").calls()).isEmpty();
        assertThat(SqlShape.of("with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) "
                + "select n from r").calls()).isEmpty();
        // SEARCH and CYCLE clauses stand between two CTEs of one list
        assertThat(SqlShape.of("with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) "
                + "search depth first by n set ord, u(m) as (select n from t) select * from u").calls()).isEmpty();
        assertThat(SqlShape.of("with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) "
                + "cycle n set is_cycle using path, u(m) as (select n from t) select * from u").calls()).isEmpty();
        assertThat(SqlShape.of("select * from (with a(x) as (select 1), b(y) as (select 2) select * from a, b) q")
                .calls()).isEmpty();
    }

    /**
     * PostgreSQL's record-returning functions take a column definition list: {@code f(…) AS (…)} looks like a CTE
     * with a column list, and is a call wherever a CTE's name cannot stand.
     */
    @Test
    void calls_includeRecordFunctionsWithAColumnDefinitionList() {
        assertThat(SqlShape.of("select * from bump(1) as (a int, b text)").calls()).containsExactly(List.of("bump"));
        assertThat(SqlShape.of("select * from t, s.bump(1) as (a int)").calls())
                .containsExactly(List.of("s", "bump"));
        assertThat(SqlShape.of("select * from t join lateral bump(t.id) as (a int) on true").calls())
                .containsExactly(List.of("bump"));
        assertThat(SqlShape.of("select * from (select 1) as s(x), bump(1) as (a int), (values (2)) as v(y), "
                + "bump2(2) as (b int)").calls()).containsExactly(List.of("bump"), List.of("bump2"));
        assertThat(SqlShape.of("with w as (select 1) select * from w, bump(1) as (a int)").calls())
                .containsExactly(List.of("bump"));
        assertThat(SqlShape.of("with w(x) as (select * from bump(1) as (a int)) select * from w").calls())
                .containsExactly(List.of("bump"));
        // a column definition list whose first column is named like a query's first word is no CTE's body
        assertThat(SqlShape.of("select * from json_to_record('{}') as (values int), bump(1) as (a int, b int)")
                .calls()).containsExactly(List.of("json_to_record"), List.of("bump"));
        assertThat(SqlShape.of("with w as (select 1) select * from w, f(1) as (select int), bump(2) as (a int)")
                .calls()).containsExactly(List.of("f"), List.of("bump"));
    }

    @Test
    void h2LineComments_openNoLiteral() {
        assertThat(SqlShape.of("select 1 // it's\n, bump() from t").calls()).containsExactly(List.of("bump"));
    }

    @Test
    void selectsAndWords_areCountedOutsideLiterals() {
        SqlShape shape = SqlShape.of("select a from \"Orders\" where b in (select c from s.items) and d = 'select'");
        assertThat(shape.selects()).isEqualTo(2);
        assertThat(shape.words()).contains("orders", "items", "s", "a", "b", "c", "d").doesNotContain("'select'");
    }

    @Test
    void relations_areTheNamesInARelationsPlace_atEveryDepth() {
        assertThat(SqlShape.of("select a.x, (select max(y) from s.u) from \"T\" a join v b on a.id = b.id, w "
                + "where a.x in (select z from q) and extract(year from a.d) > 1 and a.e is distinct from b.e "
                + "group by a.x, b.y order by (select 1 from r)").relations())
                .containsExactlyInAnyOrder("t", "u", "v", "w", "q", "r");
        assertThat(SqlShape.of("select distinct from t").relations()).containsExactly("t");
        assertThat(SqlShape.of("delete from only t x using u, v where x.a = u.a").relations())
                .containsExactlyInAnyOrder("t", "u", "v");
        assertThat(SqlShape.of("update only s.t set a = (select b from u)").target()).isEqualTo("t");
        assertThat(SqlShape.of("select * from generate_series(1, 3) g, t").relations()).containsExactly("t");
        assertThat(SqlShape.of("select * from t join u using (id, name) join v using (x)").relations())
                .containsExactlyInAnyOrder("t", "u", "v");
        assertThat(SqlShape.of("with a(x) as (select 1 from t), b as not materialized (select x from a, u) "
                + "select * from a, b, c").relations()).containsExactlyInAnyOrder("t", "u", "c");
    }

    @Test
    void relations_giveUp_onWhatTheScanDoesNotFollow() {
        for (String sql : new String[] {"select a from t where a in (table u)", "select * from table(x int = (1))",
                "select next value for s", "select @x", "select a from U&\"d\\0061ta\"", "select * from ?",
                "select * from where", "select a from t where b = 1 join u", "select * from (", "select * from"}) {
            assertThat(SqlShape.of(sql).relations()).as(sql).isNull();
        }
    }
}
