package org.stratacache.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The lexical reading of plain queries ({@code SqlAnalyzer}'s verdict without the parser) against the parser's,
 * over hand-picked statements and thousands of generated ones: whenever the lexical reading caches a query, the
 * parser would cache it too, and every table the parser finds is among the lexical reading's. A table the
 * lexical reading missed would be a stale read after a write to it.
 */
class PlainReadingTest {
    /** A budget the parser never reaches here: its verdict is the reference, not its speed. */
    private final SqlAnalyzer analyzer = new SqlAnalyzer(10, Duration.ofSeconds(60));

    @Test
    void handPicked_shapes_readEveryTableTheParserReads() {
        String[] statements = {
            "select a from t",
            "select a from s.t x, u as y, \"V\" z where x.a = y.b",
            "select * from a join b on a.id = b.id left join c using (id) cross join d natural join e",
            "select * from a join (b join c on b.x = c.x) on a.y = b.y, f",
            "select * from (select x from t) q join lateral (select y from u where u.x = q.x) r on true",
            "select (select max(v) from u), exists(select 1 from w) from t where t.a in (select b from x)",
            "select a from t where b = any (select c from u) and d > all (select e from v)",
            "with r as (select id from orders), s as (select id from lines) select * from r join s using (id)",
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5) select * from n, t",
            "select a from t union select b from u intersect select c from v except select d from w",
            "(select a from t) union all (select b from u) order by 1 limit 3",
            "select extract(year from t.d), trim(both ' ' from t.s), substring(t.s from 2 for 3) from t",
            "select a from t where a is distinct from b and c is not distinct from (select d from u)",
            "select * from t where a = any(?) and b between ? and ? and c like ? escape '\\' and d not in (1, 2)",
            "select case when a is null then coalesce(b, 0) else lower(c) end, cast(d as varchar(10)), e::int from t",
            "select row_number() over (partition by a order by b desc), x from t window w as (order by x)",
            "select * from unnest(array[1, 2]) as x(v) join t on t.id = x.v",
            "select * from generate_series(1, 3) g, t where t.id = g",
            "select distinct on (a) a, b from t order by a, (select min(c) from u)",
            "select count(*) filter (where a in (select b from u)) from t",
            "select sum(x) over (partition by (select max(y) from u)) from t",
            "select x from t group by x, (select min(b) from u) having count(*) > (select count(*) from v)",
            "select * from (values (1, 2), (3, 4)) as v(a, b), t",
            "select * from only t, u",
            "select coalesce((select max(a) from u), 0) from t",
            "select array(select a from u) from t",
            "select * from t1 inner join t2 on t1.a = t2.a right outer join t3 on t3.b = t2.b full join t4 on true",
            "select * from t where (a, b) in (select c, d from u) offset ? rows fetch first ? rows only",
            "select t.* from db.sch.\"Mixed\" t",
            "select a from t where a = 1 for update",
            "select now(), a from t",
            "select current_timestamp, a from t",
            "select my_fn(a) from t",
            "select nextval('s') from t",
            "select a from t where d > 'now'::timestamp",
            "/* strata:nocache */ select a from t",
            "select a from t where b ~* 'x' and c @> array[1] and d ->> 'k' = ?",
            "select a from t tablesample system (10)",
            "select * from t, lateral (select * from u where u.a = t.a) x",
            "select a from t where a in (table u)",
            "select a from t union table u",
            "select distinct from t",
            "select from t, u",
            "select a from t where a is distinct from b and a is not distinct from c",
            "select a from U&\"d\\0061ta\"",
            "select a from t where b = (select max(c) from u) is distinct from true",
        };
        for (String sql : statements) {
            check(sql);
        }
    }

    @Test
    void generated_queries_readEveryTableTheParserReads() {
        Random random = new Random(19);
        int plain = 0;
        for (int i = 0; i < 800; i++) {
            String sql = query(random, 0);
            if (check(sql)) {
                plain++;
            }
        }
        assertThat(plain).as("most generated queries are plain").isGreaterThan(250);
    }

    @Test
    void handPicked_writes_writeEveryTableTheParserWrites() {
        String[] statements = {
            "update t set a = 1 where id = ?",
            "update only s.t x set a = (select max(b) from u where u.id = x.id) where x.c in (select d from v)",
            "update t set a = u.b from u, w where t.id = u.id and w.x = t.x",
            "update \"Mixed\" set a = coalesce(a, 0) + 1, b = now() where exists (select 1 from u where u.a = a)",
            "delete from t where id = ?",
            "delete from only t where a in (select b from u) and exists (select 1 from v join w on v.x = w.x)",
            "delete from t using u, v where t.id = u.id and u.x = v.x",
            "delete from s.t x where x.a = any(?) returning x.id",
            "update t set a = my_fn(a)",
            "delete from t where a = (next value for s)",
            "update t set a = a === 1",
        };
        for (String sql : statements) {
            checkWrite(sql);
        }
    }

    @Test
    void generated_writes_writeEveryTableTheParserWrites() {
        Random random = new Random(23);
        int plain = 0;
        for (int i = 0; i < 600; i++) {
            String sql = random.nextBoolean()
                    ? "update " + TABLES[random.nextInt(TABLES.length)] + " x set a = " + expression(random, 1, "x")
                            + (random.nextBoolean() ? " from " + relation(random, 1, "j") : "")
                            + " where " + predicate(random, 1)
                    : "delete from " + TABLES[random.nextInt(TABLES.length)] + " x"
                            + (random.nextBoolean() ? " using " + relation(random, 1, "j") : "")
                            + " where " + predicate(random, 1);
            if (checkWrite(sql)) {
                plain++;
            }
        }
        assertThat(plain).as("most generated writes are plain").isGreaterThan(150);
    }

    /** True when the lexical reading gave the verdict on the write {@code sql} (it names its tables). */
    private boolean checkWrite(String sql) {
        SqlAnalysis lexical = analyzer.compute(sql);
        SqlAnalysis parsed = analyzer.computeParsed(sql);
        assertThat(lexical.kind()).as(sql).isEqualTo(SqlAnalysis.Kind.DML);
        if (lexical.invalidatesAll()) {
            return false;
        }
        if (parsed.invalidatesAll()) {
            // JSqlParser 5.3 cannot read some writes PostgreSQL runs (UPDATE ONLY, DELETE … USING (subquery))
            assertThat(parsed.reason()).as("only where the parser failed: %s", sql)
                    .isIn(SqlAnalysis.Reason.UNPARSEABLE, SqlAnalysis.Reason.TOO_COMPLEX);
            return true;
        }
        assertThat(lexical.writtenTables()).as("every table the parser writes: %s", sql)
                .containsAll(parsed.writtenTables());
        assertThat(lexical.readTables()).as("every table the parser reads: %s", sql).containsAll(parsed.readTables());
        return !lexical.equals(parsed);
    }

    /** True when the lexical reading cached {@code sql}. */
    private boolean check(String sql) {
        SqlAnalysis lexical = analyzer.compute(sql);
        SqlAnalysis parsed = analyzer.computeParsed(sql);
        if (!lexical.cacheable()) {
            return false;
        }
        if (parsed.reason() == SqlAnalysis.Reason.UNPARSEABLE) {
            return true; // SQL JSqlParser 5.3 cannot read ("select distinct from t"): no reference to compare with
        }
        assertThat(parsed.cacheable()).as("the parser caches it too: %s (parser: %s)", sql, parsed.uncacheableReason())
                .isTrue();
        assertThat(lexical.readTables()).as("every table the parser reads: %s", sql)
                .containsAll(parsed.readTables());
        // and no more: a name the catalog does not know as a table (a CTE's, a column's) would leave it uncached
        assertThat(lexical.readTables()).as("only the tables the parser reads: %s", sql)
                .containsExactlyInAnyOrderElementsOf(parsed.readTables());
        assertThat(lexical.invalidatesAll()).isFalse();
        return true;
    }

    private static final String[] TABLES = {"t", "u", "s.v", "\"W\"", "orders", "public.\"Lines\""};
    private static final String[] FUNCTIONS = {"lower", "upper", "coalesce", "abs", "length", "now", "random",
        "my_fn", "count", "max", "round", "nextval", "current_setting", "substring"};

    private static String query(Random r, int depth) {
        StringBuilder sql = new StringBuilder();
        if (depth == 0 && r.nextInt(6) == 0) {
            sql.append("with c").append(depth).append(" as (").append(query(r, depth + 1)).append(") ");
        }
        sql.append("select ").append(r.nextInt(5) == 0 ? "distinct " : "").append(expression(r, depth, "x"))
                .append(" as e1, x.a from ").append(relation(r, depth, "x"));
        int joins = r.nextInt(3);
        for (int j = 0; j < joins; j++) {
            String alias = "j" + j;
            switch (r.nextInt(4)) {
                case 0 -> sql.append(", ").append(relation(r, depth, alias));
                case 1 -> sql.append(" join ").append(relation(r, depth, alias)).append(" on ").append(alias)
                        .append(".a = x.a");
                case 2 -> sql.append(" left outer join ").append(relation(r, depth, alias)).append(" using (a)");
                default -> sql.append(" cross join ").append(relation(r, depth, alias));
            }
        }
        if (r.nextBoolean()) {
            sql.append(" where ").append(predicate(r, depth));
        }
        if (r.nextInt(4) == 0) {
            sql.append(" group by x.a having count(*) > ").append(r.nextInt(3));
        }
        if (r.nextInt(3) == 0) {
            sql.append(" order by ").append(r.nextBoolean() ? "1" : expression(r, depth, "x"));
        }
        if (depth == 0 && r.nextInt(5) == 0) {
            sql.append(r.nextBoolean() ? " union all " : " except ").append(query(r, depth + 1));
        }
        if (r.nextInt(6) == 0) {
            sql.append(" limit ").append(1 + r.nextInt(9));
        }
        return sql.toString();
    }

    private static String relation(Random r, int depth, String alias) {
        if (depth < 2 && r.nextInt(4) == 0) {
            return "(" + query(r, depth + 1) + ") " + alias;
        }
        if (r.nextInt(10) == 0) {
            return "generate_series(1, 3) " + alias + "(a)";
        }
        return TABLES[r.nextInt(TABLES.length)] + (r.nextBoolean() ? " as " : " ") + alias;
    }

    private static String predicate(Random r, int depth) {
        List<String> parts = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String p = switch (r.nextInt(9)) {
                case 0 -> "x.a = ?";
                case 1 -> "x.b like ?";
                case 2 -> "x.a in (1, 2, 3)";
                case 3 -> "x.a = any(?)";
                case 4 -> depth < 2 ? "exists (" + query(r, depth + 1) + ")" : "x.a is null";
                case 5 -> depth < 2 ? "x.a in (select y.a from " + TABLES[r.nextInt(TABLES.length)] + " y)"
                        : "x.a > 0";
                case 6 -> "x.a is distinct from ?";
                case 7 -> "(" + expression(r, depth, "x") + ") between ? and ?";
                default -> "(x.a = ? or (x.b = ? and x.c <> ?))";
            };
            parts.add(p);
        }
        return String.join(r.nextBoolean() ? " and " : " or ", parts);
    }

    private static String expression(Random r, int depth, String alias) {
        return switch (r.nextInt(6)) {
            case 0 -> FUNCTIONS[r.nextInt(FUNCTIONS.length)] + "(" + alias + ".a)";
            case 1 -> "case when " + alias + ".a > 0 then " + alias + ".b else null end";
            case 2 -> "cast(" + alias + ".a as varchar(10))";
            case 3 -> depth < 2 ? "(select max(z.a) from " + TABLES[r.nextInt(TABLES.length)] + " z)" : alias + ".a";
            case 4 -> "extract(year from " + alias + ".d)";
            default -> alias + ".a + 1";
        };
    }
}
