package org.stratacache.benchmarks.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.jdbc.sql.SqlAnalysis;
import org.stratacache.jdbc.sql.SqlAnalyzer;

/**
 * The SQL analysis alone, on statements seen for the first time (a miss in the analyser's cache): what a new
 * statement text costs the thread that runs it before it reaches the database.
 *
 * <p>The statements have the shape ORM criteria queries take: a join, then predicates nested {@code levels}
 * deep, each level a parenthesised {@code and}/{@code or} of one comparison (=, LIKE, IN, BETWEEN, IS NULL,
 * a function of a column, {@code = ANY(?)}, EXISTS with a correlated subquery) and the next level, then ORDER BY
 * and paging. {@code levels=mixed} draws 1 to 10 levels per statement. A pool of distinct texts is analysed in
 * turn by an analyser holding a single entry, so every call analyses; the score is the mean per statement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX})
public class AnalysisBenchmark {
    private static final int POOL = 4_096;
    private static final String[] COLUMNS = {"name", "price", "stock", "created", "status", "category_id"};

    @Param({"1", "3", "5", "10", "mixed"})
    public String levels;

    private String[] statements;
    private SqlAnalyzer analyzer;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(16);
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; distinct.size() < POOL; i++) {
            int depth = "mixed".equals(levels) ? 1 + random.nextInt(10) : Integer.parseInt(levels);
            distinct.add(statement(i, depth, random));
        }
        statements = distinct.toArray(new String[0]);
        analyzer = new SqlAnalyzer(1);
    }

    @Benchmark
    public SqlAnalysis analyseNewStatement() {
        String sql = statements[next];
        next = (next + 1) % statements.length;
        return analyzer.analyze(sql);
    }

    /** One statement; {@code n} makes the aliases, and so the text, distinct. */
    static String statement(int n, int depth, Random random) {
        String p = "p" + n + "_0";
        String c = "c" + n + "_0";
        StringBuilder sql = new StringBuilder()
                .append("select ").append(p).append(".id,").append(p).append(".name,").append(p).append(".price,")
                .append(c).append(".name from product ").append(p).append(" left join category ").append(c)
                .append(" on ").append(c).append(".id=").append(p).append(".category_id where ");
        List<String> closing = new ArrayList<>();
        for (int level = 0; level < depth; level++) {
            sql.append('(').append(predicate(p, c, random));
            closing.add(")");
            if (level + 1 < depth) {
                sql.append(random.nextBoolean() ? " and " : " or ");
            }
        }
        closing.forEach(sql::append);
        return sql.append(" order by ").append(p).append(".id offset ? rows fetch first ? rows only").toString();
    }

    private static String predicate(String p, String c, Random random) {
        String column = p + "." + COLUMNS[random.nextInt(COLUMNS.length)];
        return switch (random.nextInt(8)) {
            case 0 -> column + "=?";
            case 1 -> column + " like ? escape '\\'";
            case 2 -> column + " in (?,?,?)";
            case 3 -> column + " between ? and ?";
            case 4 -> column + " is null";
            case 5 -> "lower(" + c + ".name)=?";
            case 6 -> p + ".id=any(?)";
            default -> "exists(select 1 from review r1_0 where r1_0.product_id=" + p + ".id and r1_0.stars>=?)";
        };
    }
}
