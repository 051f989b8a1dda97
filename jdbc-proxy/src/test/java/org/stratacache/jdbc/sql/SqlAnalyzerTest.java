package org.stratacache.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SqlAnalyzerTest {
    private final SqlAnalyzer analyzer = new SqlAnalyzer(100);

    @Test
    void select_isCacheable_withNormalisedTables() {
        SqlAnalysis a = analyzer.analyze("select o.id, c.name from Public.\"Orders\" o join CUSTOMER c on c.id = o.cid "
                + "where o.total > (select avg(total) from app.orders) and lower(c.name) like ?");
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.SELECT);
        assertThat(a.cacheable()).isTrue();
        assertThat(a.readTables()).containsExactlyInAnyOrder("orders", "customer");
        assertThat(a.invalidatesAll()).isFalse();
    }

    @Test
    void cteNames_areNotTables() {
        SqlAnalysis a = analyzer.analyze("with recent as (select * from orders where id > 10) select count(*) from recent");
        assertThat(a.cacheable()).isTrue();
        assertThat(a.readTables()).containsExactly("orders");
    }

    @Test
    void nonDeterministicFunctions_areNotCached_butInvalidateNothing() {
        for (String sql : new String[] {"select now()", "select current_timestamp", "select * from t where d < current_date",
                "select random()", "select rand() from t", "select gen_random_uuid()", "select nextval('s')",
                "select current_user", "select session_user", "select pg_backend_pid()", "select uuid()",
                "select next value for s", "select localtimestamp", "select txid_current()"}) {
            SqlAnalysis a = analyzer.analyze(sql);
            assertThat(a.cacheable()).as(sql).isFalse();
            assertThat(a.invalidatesAll()).as(sql).isFalse();
        }
    }

    @Test
    void unknownFunction_invalidatesAll() {
        SqlAnalysis a = analyzer.analyze("select my_schema.do_things(id) from t");
        assertThat(a.cacheable()).isFalse();
        assertThat(a.invalidatesAll()).isTrue();
        assertThat(analyzer.analyze("select bump_counter()").invalidatesAll()).isTrue();
    }

    @Test
    void lockingClauses_areNotCached() {
        for (String sql : new String[] {"select * from t where id = 1 for update", "select * from t for share",
                "select * from t for no key update skip locked", "select * from t lock in share mode"}) {
            assertThat(analyzer.analyze(sql).cacheable()).as(sql).isFalse();
        }
    }

    @Test
    void writes_nameTheirTables_andInsertValuesIsMarked() {
        SqlAnalysis insert = analyzer.analyze("insert into page_view(id, url) values (?, ?)");
        assertThat(insert.kind()).isEqualTo(SqlAnalysis.Kind.DML);
        assertThat(insert.writtenTables()).containsExactly("page_view");
        assertThat(insert.insertValuesTable()).isEqualTo("page_view");
        SqlAnalysis insertSelect = analyzer.analyze("insert into archive select * from orders");
        assertThat(insertSelect.writtenTables()).contains("archive", "orders");
        assertThat(insertSelect.insertValuesTable()).isNull();
        assertThat(analyzer.analyze("insert into t(id) values (1) returning id").insertValuesTable()).isNull();
        assertThat(analyzer.analyze("update s.Items set qty = 0 where id in (select id from gone)").writtenTables())
                .contains("items");
        assertThat(analyzer.analyze("delete from items where id = 1").writtenTables()).containsExactly("items");
        assertThat(analyzer.analyze("merge into items using src on (items.id = src.id) when matched then update set "
                + "qty = src.qty").writtenTables()).contains("items");
        assertThat(analyzer.analyze("truncate table items").writtenTables()).containsExactly("items");
        assertThat(analyzer.analyze("with gone as (delete from items returning id) select count(*) from gone").kind())
                .isEqualTo(SqlAnalysis.Kind.DML);
    }

    @Test
    void unknownWriteSets_invalidateAll() {
        for (String sql : new String[] {"call refresh_all()", "{call p(?)}", "exec p", "do $$ begin end $$",
                "create table x(id int)", "drop table items", "alter table items add column y int",
                "select * into newtable from items", "update items set ??? garbage", "explain analyze delete from t"}) {
            SqlAnalysis a = analyzer.analyze(sql);
            assertThat(a.invalidatesAll()).as(sql).isTrue();
            assertThat(a.cacheable()).as(sql).isFalse();
        }
    }

    @Test
    void multipleStatements_invalidateAll_andAreNotCached() {
        SqlAnalysis a = analyzer.analyze("select * from t; delete from x");
        assertThat(a.cacheable()).isFalse();
        assertThat(a.invalidatesAll()).isTrue();
        assertThat(analyzer.analyze("select * from t;").cacheable()).isTrue();
    }

    @Test
    void sessionAndTransactionStatements_areClassified() {
        assertThat(analyzer.analyze("SET ROLE admin").kind()).isEqualTo(SqlAnalysis.Kind.SESSION);
        assertThat(analyzer.analyze("set search_path to other").kind()).isEqualTo(SqlAnalysis.Kind.SESSION);
        assertThat(analyzer.analyze("use other").kind()).isEqualTo(SqlAnalysis.Kind.SESSION);
        // a temporary table may shadow a real one of the same name, for this session only
        assertThat(analyzer.analyze("create temp table t as select 1").kind()).isEqualTo(SqlAnalysis.Kind.SESSION);
        assertThat(analyzer.analyze("/* x */ CREATE LOCAL TEMPORARY TABLE t(id int)").kind())
                .isEqualTo(SqlAnalysis.Kind.SESSION);
        assertThat(analyzer.analyze("create global temporary table t(id int)").kind())
                .isEqualTo(SqlAnalysis.Kind.SESSION);
        assertThat(analyzer.analyze("create table temp(id int)").kind()).isEqualTo(SqlAnalysis.Kind.DDL);
        assertThat(analyzer.analyze("begin").kind()).isEqualTo(SqlAnalysis.Kind.BEGIN);
        assertThat(analyzer.analyze("commit").kind()).isEqualTo(SqlAnalysis.Kind.END_TRANSACTION);
        assertThat(analyzer.analyze("rollback to savepoint a").kind()).isEqualTo(SqlAnalysis.Kind.SAVEPOINT);
    }

    @Test
    void unparseableSelect_runsUncached_andInvalidatesAll() {
        SqlAnalysis a = analyzer.analyze("select from where ((");
        assertThat(a.cacheable()).isFalse();
        assertThat(a.invalidatesAll()).isTrue();
    }

    @Test
    void hints_areRead() {
        assertThat(analyzer.analyze("/* strata:nocache */ select * from t").cacheable()).isFalse();
        SqlAnalysis ttl = analyzer.analyze("select /* strata:cache ttl=30s */ * from t");
        assertThat(ttl.cacheable()).isTrue();
        assertThat(ttl.hint().ttl()).isEqualTo(Duration.ofSeconds(30));
        SqlAnalysis bad = analyzer.analyze("/* strata:cache ttl=soon */ select * from t");
        assertThat(bad.cacheable()).isFalse();
        assertThat(bad.uncacheableReason()).contains("soon");
    }

    @Test
    void analysis_isCachedPerText_andBounded() {
        SqlAnalyzer small = new SqlAnalyzer(3);
        SqlAnalysis first = small.analyze("select * from a");
        assertThat(small.analyze("select * from a")).isSameAs(first);
        for (int i = 0; i < 10; i++) {
            small.analyze("select * from t" + i);
        }
        assertThat(small.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void parsing_startsNoThreads() {
        int before = Thread.activeCount();
        for (int i = 0; i < 200; i++) {
            analyzer.analyze("select * from t where id = " + i);
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 1);
    }

    @Test
    void commentMarkersInsideLiterals_doNotHideASecondStatement() {
        for (String sql : new String[] {
                "insert into a values ('a--b'); update b set n = 2",
                "select '--x'; delete from b where n = 1",
                "insert into a values ('x;--'); update b set n = 2",
                "select $$x--y$$; delete from b",
                "select $tag$ ' $tag$; delete from b",
                "select E'it\\'s --'; delete from b",
                "select \"a--b\" from a; delete from b",
                "select '/*'; delete from b; select '*/'",
                "select '--'; set search_path to other",
                // H2 reads // as a comment, so the quote in it opens no literal
                "SET @x = 1 // it's\n; update b set n = null where id = 1; -- '",
                "select 1 // it's\n; update b set n = null; -- '",
                // PostgreSQL dollar-quote tags and identifiers may hold any character above 127
                "SET application_name = $\u20ac$'$\u20ac$; update b set n = null; -- '",
                // with backslash escapes (MySQL, standard_conforming_strings=off) \' does not end the literal
                "select 'a\\'; update b set n = null; select '"}) {
            SqlAnalysis a = analyzer.analyze(sql);
            assertThat(a.invalidatesAll()).as(sql).isTrue();
            assertThat(a.cacheable()).as(sql).isFalse();
        }
    }

    @Test
    void semicolonsAndCommentMarkersInsideLiterals_keepOneStatementOne() {
        SqlAnalysis insert = analyzer.analyze("insert into a (s) values ('x;y'), ('--'), ('/*')");
        assertThat(insert.invalidatesAll()).isFalse();
        assertThat(insert.writtenTables()).containsExactly("a");
        SqlAnalysis read = analyzer.analyze("select id from a where s = 'a--b' or s = $$;$$ /* ; */ -- ;");
        assertThat(read.cacheable()).as(read.uncacheableReason()).isTrue();
        assertThat(read.readTables()).containsExactly("a");
        // block comments nest (PostgreSQL, H2): the ';' is inside the comment
        assertThat(SqlText.withoutComments("/* a /* b */ ; delete from b */ select id from a"))
                .isEqualTo("  select id from a");
        assertThat(SqlAnalyzer.isMultiStatement("/* a /* b */ ; delete from b */ select id from a")).isFalse();
    }

    @Test
    void truncateOfSeveralTables_writesEveryOne() {
        assertThat(analyzer.analyze("truncate table a, b, s.c").writtenTables()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void clockLiterals_areNotCached() {
        assertThat(analyzer.analyze("select 'now'::timestamptz::text").cacheable()).isFalse();
        assertThat(analyzer.analyze("select id from a where d < ' Today '").cacheable()).isFalse();
        assertThat(analyzer.analyze("select id from a where d < date 'tomorrow'").cacheable()).isFalse();
        assertThat(analyzer.analyze("select id from a where s = 'nowhere'").cacheable()).isTrue();
    }
}
