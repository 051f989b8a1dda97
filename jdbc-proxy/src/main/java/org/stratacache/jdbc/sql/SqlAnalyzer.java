package org.stratacache.jdbc.sql;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Classifies SQL texts once and remembers the answer.
 *
 * <p>Three stages. A lexical stage looks at the first keyword (after comments and parentheses) to decide the
 * {@link SqlAnalysis.Kind}: it needs no parser, so even SQL the parser rejects is classified safely. For reads
 * and DML, one more lexical pass ({@link SqlShape}) measures the statement, notes every name written like a
 * call and every relation. A plain query, UPDATE or DELETE (see {@code plainReadVerdict}, {@code
 * plainWriteVerdict}) is judged from that pass alone: most of what applications send, at a twentieth of the
 * parser's cost. The parser stage ({@link BoundedParser}, then {@link TreeWalk}), for the rest, collects the
 * tables with JSqlParser's {@link TablesNamesFinder} (which over-reports: subqueries, joins and CTE bodies all
 * count) and every function and clock/session keyword, and checks both against the lexical pass.
 *
 * <p><b>Bounded cost.</b> The analysis of one text never takes much more than its budget
 * ({@code strata.jdbc.analysis-budget}, {@link #DEFAULT_BUDGET}, counted in the thread's CPU time, see
 * {@link Budget}): texts longer than {@link #MAX_LENGTH} characters or nested deeper than {@link #MAX_DEPTH}
 * are not parsed, nor are texts with an operator the parser does not know (it may run away on one), and a
 * parse or tree walk that spends the budget is stopped on its own thread (see {@link BoundedParser}: no thread
 * per parse). Such a statement is "too complex to analyse" (SQL the parser rejects: "not understood by the
 * parser"): not cached. A query is then judged by the lexical pass alone: it invalidates
 * everything only when it calls something that may be a function that writes (or uses an operator that may be
 * a user's); any other statement has an unknown write set and invalidates everything.
 *
 * <p><b>The cache of analyses.</b> Bounded: when it is full it is cleared (cheap, and an application with
 * more distinct SQL texts than the bound is building SQL by concatenation, where caching the analysis cannot
 * pay anyway). A text is kept from its second sight on ({@link SeenOnce}), so one-off texts (literals
 * concatenated into SQL) are analysed and forgotten instead of pushing out the texts that recur. A text that
 * ran out of budget is analysed again at its 2nd, 4th, 8th … sight (a JVM still compiling the parser parses
 * it several times slower), and answered from its first analysis in between. The first analyser of a JVM
 * warms the parser up ({@link WarmUp}).
 */
public final class SqlAnalyzer {
    /** The analysis budget per statement when none is configured. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(5);
    /** Longer texts are not analysed: too complex. */
    public static final int MAX_LENGTH = 1 << 20;
    /**
     * Texts whose parentheses nest deeper are not parsed: too complex. ORM-generated SQL nests a few levels (a
     * criteria query with nested AND/OR and a subquery: 6 to 10); JSqlParser's work grows with each level, and
     * over generated statements 1 to 50 deep a limit of 16 instead of 32 cut the analysis time of a run by a
     * factor of 2.5 (warm) to 3 (cold JVM), all of it spent on texts no application sends twice.
     */
    public static final int MAX_DEPTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SqlAnalyzer.class);
    private static final String AMBIGUOUS =
            "PostgreSQL and H2 read it differently (//, a backtick, or a space character beyond ASCII)";
    private static final Pattern LOCKING = Pattern.compile(
            "\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b|\\block\\s+in\\s+share\\s+mode\\b"
                    + "|\\b(updlock|holdlock|xlock|rowlock)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SELECT_INTO = Pattern.compile("\\binto\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATA_MODIFYING = Pattern.compile("\\b(insert|update|delete|merge)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * PostgreSQL reads these words in a date or time input, cast at execution, as the clock: in any literal
     * ({@code 'now'}, {@code $$now$$}, {@code 'tomorrow 13:00'}, {@code '{now}'::timestamp[]},
     * {@code '[today,)'::daterange}), and in a literal with escapes that spell them ({@code E'no\x77'},
     * {@code U&'no\0077'}). The words anywhere, and any escape string, count: a query that merely names a
     * column so runs uncached.
     */
    private static final Pattern CLOCK_LITERAL = Pattern.compile(
            "\\b(now|today|tomorrow|yesterday)\\b|(?<![\\p{L}\\p{N}_$])(e|u&)'", Pattern.CASE_INSENSITIVE);
    /** DDL creating an object of this session only: it may shadow a table of the same name for this session. */
    private static final Pattern TEMPORARY_OBJECT = Pattern.compile(
            "^\\s*create\\s+(or\\s+replace\\s+)?((global|local)\\s+)?(temp|temporary)\\b",
            Pattern.CASE_INSENSITIVE);

    /** {@code SET [SESSION | LOCAL] name …} and {@code RESET name}: the setting's name. */
    private static final Pattern SETTING = Pattern.compile(
            "^\\s*(?:set|reset)\\s+(?:(?:session|local)\\s+)?([a-z_][a-z0-9_]*)\\b(?!\\s*\\.)",
            Pattern.CASE_INSENSITIVE);
    /**
     * Settings that change how a statement runs or is reported, never what a query returns: a SET or RESET of
     * one leaves the connection's cache key valid. Anything else (search_path, TimeZone, DateStyle, role, custom
     * settings read by row-level security, {@code RESET ALL} …) may change results and makes the connection's
     * reads uncached. Hibernate's PostgreSQL schema tooling sends {@code set client_min_messages = WARNING}.
     */
    private static final Set<String> RESULT_NEUTRAL_SETTINGS = Set.of(
            // PostgreSQL: messages, names, timeouts, logging, memory, durability, JIT and planner costs
            "client_min_messages", "application_name", "statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "idle_session_timeout", "log_min_duration_statement",
            "log_statement", "log_min_messages", "log_min_error_statement", "work_mem", "maintenance_work_mem",
            "hash_mem_multiplier", "temp_buffers", "synchronous_commit", "jit", "jit_above_cost",
            "jit_inline_above_cost", "jit_optimize_above_cost", "random_page_cost", "seq_page_cost",
            "cpu_tuple_cost", "cpu_index_tuple_cost", "cpu_operator_cost", "effective_cache_size",
            "effective_io_concurrency", "max_parallel_workers_per_gather", "parallel_setup_cost",
            "parallel_tuple_cost", "plan_cache_mode", "from_collapse_limit", "join_collapse_limit", "geqo",
            "geqo_threshold", "default_statistics_target", "cursor_tuple_fraction",
            // H2: timeouts and tracing
            "query_timeout", "default_lock_timeout", "trace_level_system_out", "trace_level_file", "throttle");

    private final int maxEntries;
    private final long budgetNanos;
    private final ConcurrentHashMap<String, SqlAnalysis> cache = new ConcurrentHashMap<>();
    private final SeenOnce seen;
    private final ConcurrentHashMap<String, Overrun> overruns = new ConcurrentHashMap<>();

    /** An analyser keeping up to {@code maxEntries} analyses, with the {@link #DEFAULT_BUDGET}. */
    public SqlAnalyzer(int maxEntries) {
        this(maxEntries, DEFAULT_BUDGET);
    }

    /** An analyser keeping up to {@code maxEntries} analyses, each allowed {@code budget}. */
    public SqlAnalyzer(int maxEntries, Duration budget) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the analysis budget must be positive: " + budget);
        }
        this.maxEntries = maxEntries;
        this.budgetNanos = budget.toNanos();
        this.seen = new SeenOnce(maxEntries);
        WarmUp.once();
    }

    /** The analyser {@code config} describes ({@code strata.jdbc.analysis-cache-size}, {@code …analysis-budget}). */
    public static SqlAnalyzer of(StrataConfig config) {
        return new SqlAnalyzer(Math.toIntExact(Math.min(Integer.MAX_VALUE,
                config.get(ConfigKeys.JDBC_ANALYSIS_CACHE_SIZE))), config.get(ConfigKeys.JDBC_ANALYSIS_BUDGET));
    }

    /** The analysis of {@code sql}, computed on first sight of the text. */
    public SqlAnalysis analyze(String sql) {
        SqlAnalysis known = cache.get(sql);
        if (known != null) {
            return known;
        }
        Overrun overrun = overruns.get(sql);
        if (overrun != null && !overrun.retryNow()) {
            return overrun.analysis;
        }
        SqlAnalysis fresh = compute(sql);
        if (fresh.reason() == SqlAnalysis.Reason.TOO_COMPLEX && fresh.analysisNanos() >= budgetNanos) {
            if (overrun == null) {
                if (overruns.size() >= maxEntries) {
                    overruns.clear();
                }
                overruns.put(sql, new Overrun(fresh));
            }
            return fresh;
        }
        if (overrun != null) {
            overruns.remove(sql);
        }
        if (!seen.again(sql)) {
            return fresh;
        }
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(sql, fresh);
        return fresh;
    }

    /** Number of analyses held (for tests and statistics). */
    public int size() {
        return cache.size();
    }

    /** The analysis budget per statement. */
    public Duration budget() {
        return Duration.ofNanos(budgetNanos);
    }

    /** Analyses {@code sql} now, with this analyser's budget, without looking at or filling the cache. */
    SqlAnalysis compute(String sql) {
        return compute(sql, budgetNanos);
    }

    /** Analyses {@code sql} as {@link #compute(String)} does, but with the parser even for a plain query. */
    SqlAnalysis computeParsed(String sql) {
        return compute(sql, budgetNanos, true);
    }

    private static SqlAnalysis compute(String sql, long budgetNanos) {
        return compute(sql, budgetNanos, false);
    }

    private static SqlAnalysis compute(String sql, long budgetNanos, boolean parseAlways) {
        Budget budget = new Budget(budgetNanos);
        SqlAnalysis analysis = new Analysis(sql, budget, parseAlways).run();
        return analysis.measured(budget.used());
    }

    /**
     * Analyses a few statements of common shapes, once per class loader, before the first analyser is used: the
     * first parses in a JVM load the parser and run it interpreted, 10 to 20 times slower than later ones
     * (17 ms per statement in the first round on a build machine, 1.5 ms in the second), and would otherwise
     * make an application's first statements "too complex". About 200 ms of CPU time.
     */
    private static final class WarmUp {
        private static final String[] SAMPLES = {
            "select p1_0.id, p1_0.name from product p1_0 left join category c1_0 on c1_0.id = p1_0.category_id "
                    + "where (p1_0.price > ? and (p1_0.name like ? or c1_0.name = ?)) order by p1_0.id "
                    + "offset ? rows fetch first ? rows only",
            "select count(*), sum(i.price) from item i join category c on c.id = i.category "
                    + "where c.id in (?, ?, ?) group by c.name having count(*) > 1",
            "insert into item (id, name, price) values (?, ?, ?)",
            "update item set name = ?, price = price * 1.1 where id = ? and version = ?",
            "delete from item where id = any (?)",
            "with recent as (select id from orders where created > ?) select o.* from orders o join recent r "
                    + "on r.id = o.id where exists (select 1 from lines l where l.order_id = o.id)",
            "select case when a is null then coalesce(b, 0) else lower(c) end, cast(d as varchar(10)), e::int "
                    + "from t where f between ? and ? and g not like 'x%' and (h = 1) = true",
            "select row_number() over (partition by a order by b desc), x from t union all select 1, y from u "
                    + "order by 2 limit 10",
            // and the paths of a statement the parser rejects
            "select from where ((", "update item set ??? garbage"};
        private static final boolean DONE = run();

        static void once() {
            if (!DONE) {
                throw new AssertionError("unreachable: the warm-up ran in the class initialiser");
            }
        }

        private static boolean run() {
            try {
                for (int round = 0; round < 3; round++) {
                    for (String sql : SAMPLES) {
                        compute(sql, TimeUnit.SECONDS.toNanos(1), true); // the parser, which plain queries skip
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                // only a warm-up: the analyser works without it (the statement that fails will fail again)
                LOG.debug("Strata JDBC: warming up the SQL parser failed", e);
            }
            return true;
        }
    }

    /** The analysis of one text within one budget. */
    private static final class Analysis {
        private final String sql;
        private final Budget budget;
        /** Parse every query, plain or not (tests compare the two readings). */
        private final boolean parseAlways;
        private SqlAnalysis.Hint hint = SqlAnalysis.Hint.NONE;

        Analysis(String sql, Budget budget, boolean parseAlways) {
            this.sql = sql;
            this.budget = budget;
            this.parseAlways = parseAlways;
        }

        SqlAnalysis run() {
            try {
                hint = Hints.parse(sql);
            } catch (IllegalArgumentException e) {
                // Logged once per SQL text: the analysis is cached.
                LOG.warn("Strata JDBC: {}; the statement runs uncached: {}", e.getMessage(), sql);
                return uncachedRead(Set.of(), false, SqlAnalysis.Reason.MALFORMED_HINT, e.getMessage());
            }
            String word = firstKeyword(sql);
            if (sql.length() > MAX_LENGTH) {
                // Not even read: what it may call or write is unknown.
                String why = "longer than " + MAX_LENGTH + " characters";
                return isReadKeyword(word) ? uncachedRead(Set.of(), true, SqlAnalysis.Reason.TOO_COMPLEX, why)
                        : write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, null);
            }
            if (isMultiStatement(sql)) {
                // "select …; delete …": the parser would read the first statement only, the database runs both.
                return new SqlAnalysis(SqlAnalysis.Kind.UNKNOWN, Set.of(), Set.of(), true, false,
                        "several statements", hint, null, SqlAnalysis.Reason.SEVERAL_STATEMENTS, 0);
            }
            return byKeyword(word);
        }

        private SqlAnalysis byKeyword(String word) {
            switch (word) {
                case "select", "with", "values", "table":
                    return analyzeRead();
                case "insert", "update", "delete", "merge", "upsert", "replace", "truncate", "copy":
                    return analyzeWrite();
                case "create", "alter", "drop", "rename", "comment", "grant", "revoke", "refresh", "vacuum",
                        "analyze", "reindex", "cluster", "lock", "import", "load", "security":
                    if (TEMPORARY_OBJECT.matcher(SqlText.withoutComments(sql)).find()) {
                        return session(SqlAnalysis.Kind.SESSION, "creates a temporary object");
                    }
                    return write(SqlAnalysis.Kind.DDL, Set.of(), true, null);
                case "set", "reset":
                    if (resultNeutralSetting(SqlText.withoutComments(sql))) {
                        return session(SqlAnalysis.Kind.SETTING, "a setting that does not change results");
                    }
                    return session(SqlAnalysis.Kind.SESSION, "changes session state");
                case "use", "discard":
                    return session(SqlAnalysis.Kind.SESSION, "changes session state");
                case "begin", "start":
                    return session(SqlAnalysis.Kind.BEGIN, "starts a transaction");
                case "commit", "end", "abort":
                    return session(SqlAnalysis.Kind.END_TRANSACTION, "ends a transaction");
                case "rollback":
                    boolean toSavepoint = Pattern.compile("\\bto\\b", Pattern.CASE_INSENSITIVE).matcher(sql).find();
                    return session(toSavepoint ? SqlAnalysis.Kind.SAVEPOINT : SqlAnalysis.Kind.END_TRANSACTION,
                            "transaction control");
                case "savepoint", "release":
                    return session(SqlAnalysis.Kind.SAVEPOINT, "transaction control");
                case "show", "describe", "desc", "help":
                    return uncachedRead(Set.of(), false, SqlAnalysis.Reason.NOT_TABLE_DATA, "not a query of table data");
                case "explain":
                    boolean runs = Pattern.compile("\\banalyze\\b", Pattern.CASE_INSENSITIVE).matcher(sql).find();
                    return runs ? write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, null)
                            : uncachedRead(Set.of(), false, SqlAnalysis.Reason.NOT_TABLE_DATA, "EXPLAIN");
                default:
                    // CALL, {call …}, EXEC, DO, anything unrecognised: the write set is unknown.
                    return write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, null);
            }
        }

        private SqlAnalysis analyzeRead() {
            String code = SqlText.withoutComments(sql);
            if ("with".equals(firstKeyword(sql)) && DATA_MODIFYING.matcher(code).find()) {
                // WITH x AS (DELETE … RETURNING …) SELECT …: a write dressed as a read.
                return analyzeWrite();
            }
            if (SELECT_INTO.matcher(code).find()) {
                return write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, null);
            }
            SqlShape shape = SqlShape.of(sql);
            String unparsed = whyNotParsed(shape);
            if (unparsed != null) {
                return lexicalRead(shape, SqlAnalysis.Reason.TOO_COMPLEX, unparsed);
            }
            if (shape.ambiguous()) {
                // the parser reads one of the two ways: "select 8 //* c */ 2, id from t" reads t on PostgreSQL
                return lexicalRead(shape, SqlAnalysis.Reason.NOT_UNDERSTOOD, AMBIGUOUS);
            }
            SqlAnalysis plain = plainReadVerdict(shape, code);
            if (plain != null) {
                return plain;
            }
            Statement statement;
            try {
                statement = BoundedParser.parse(sql, budget);
            } catch (BoundedParser.OverBudget e) {
                return lexicalRead(shape, SqlAnalysis.Reason.TOO_COMPLEX, overBudget());
            } catch (Exception | StackOverflowError e) {
                return lexicalRead(shape, SqlAnalysis.Reason.UNPARSEABLE, "unparseable: " + e.getClass().getSimpleName());
            }
            if (!(statement instanceof Select select)) {
                return uncachedRead(Set.of(), true, SqlAnalysis.Reason.NOT_UNDERSTOOD,
                        "not a plain query: " + statement.getClass().getSimpleName());
            }
            TreeWalk collector = new TreeWalk(budget);
            Set<String> tables;
            try {
                tables = normalise(collector.getTables((Statement) select));
            } catch (Budget.Spent e) {
                return lexicalRead(shape, SqlAnalysis.Reason.TOO_COMPLEX, overBudget());
            } catch (RuntimeException e) {
                return lexicalRead(shape, SqlAnalysis.Reason.NOT_UNDERSTOOD, "cannot walk: " + e.getClass().getSimpleName());
            }
            collector.crossCheck(shape);
            if (collector.unknownFunction == null) {
                return readVerdict(select, collector, shape, tables, code);
            }
            SqlAnalysis unknown = uncachedRead(tables, true, SqlAnalysis.Reason.FUNCTION_MAY_WRITE,
                    "calls function " + collector.unknownFunction + " that may write");
            if (collector.unresolvable) {
                return unknown;
            }
            // The rest of the verdict, as if the user functions were deterministic built-ins: it holds when the
            // database declares them immutable (decided at execution, not here: this analysis is per text).
            SqlAnalysis ifImmutable = readVerdict(select, collector, shape, tables, code);
            // (the function's reason first, as for an unknown one: it also makes a read flush every write-behind
            // table before it runs, since a stable function may read tables the text does not name)
            SqlAnalysis ifStable = uncachedRead(ifImmutable.readTables(), false, SqlAnalysis.Reason.STABLE_FUNCTION,
                    "calls stable function(s) " + String.join(", ", collector.userFunctions));
            return unknown.withUserFunctions(
                    new SqlAnalysis.UserFunctions(collector.userFunctions, ifImmutable, ifStable));
        }

        /** The verdict on a parsed query that calls no function of unknown volatility (or as if it did not). */
        private SqlAnalysis readVerdict(Select select, TreeWalk collector, SqlShape shape, Set<String> tables,
                                        String code) {
            if (collector.selects < shape.selects()) {
                // a subquery in a clause JSqlParser's walker skips: its tables are unknown
                return uncachedRead(union(tables, shape.words()), false, SqlAnalysis.Reason.NOT_UNDERSTOOD,
                        "a subquery the analysis cannot walk");
            }
            if (collector.volatileThing != null) {
                return uncachedRead(tables, false, SqlAnalysis.Reason.NON_DETERMINISTIC,
                        "non-deterministic: " + collector.volatileThing);
            }
            return readVerdict(tables, code, select.getForMode() != null);
        }

        /**
         * The verdict on a query whose calls and keywords are all deterministic, reading {@code tables}: cached
         * unless a clock literal, a locking clause or a hint says otherwise.
         */
        private SqlAnalysis readVerdict(Set<String> tables, String code, boolean parsedLocking) {
            if (CLOCK_LITERAL.matcher(code).find()) {
                return uncachedRead(tables, false, SqlAnalysis.Reason.NON_DETERMINISTIC,
                        "non-deterministic: a 'now'/'today' date literal");
            }
            if (parsedLocking || LOCKING.matcher(code).find()) {
                return uncachedRead(tables, false, SqlAnalysis.Reason.LOCKING, "locking clause");
            }
            if (hint.noCache()) {
                return uncachedRead(tables, false, SqlAnalysis.Reason.NOCACHE_HINT, "strata:nocache hint");
            }
            return new SqlAnalysis(SqlAnalysis.Kind.SELECT, tables, Set.of(), false, true, null, hint, null, null, 0);
        }

        /**
         * The verdict on a plain query from the lexical pass alone, or null when only the parser can tell. Plain:
         * the pass followed every relation ({@link SqlShape#relations}), every call is a deterministic built-in,
         * no word is a clock or session keyword, no operator may be a user's, nothing writes. Most queries an
         * application or an ORM sends are plain, and the parser (JSqlParser 5.3: 0.3 ms for a one-level ORM
         * query, 0.9 ms on average at 1 to 10 levels, measured by {@code AnalysisBenchmark}) is then spared. Its
         * relations are a superset of what the parser finds (a CTE's name counts), never fewer.
         */
        private SqlAnalysis plainReadVerdict(SqlShape shape, String code) {
            if (parseAlways || shape.relations() == null || shape.userOperator() != null
                    || "table".equals(firstKeyword(sql)) || DATA_MODIFYING.matcher(code).find()) {
                return null;
            }
            for (List<String> call : shape.calls()) {
                if (FunctionRules.verdict(call) != FunctionRules.Verdict.DETERMINISTIC) {
                    return null;
                }
            }
            for (String word : shape.words()) {
                if (FunctionRules.isVolatileKeyword(word)) {
                    return null;
                }
            }
            return readVerdict(shape.relations(), code, false);
        }

        private SqlAnalysis analyzeWrite() {
            SqlShape shape = SqlShape.of(sql);
            if (shape.ambiguous()) {
                return unknownWrite(SqlAnalysis.Reason.NOT_UNDERSTOOD, AMBIGUOUS);
            }
            // before the limits: they bound the parser, and the lexical pass is linear in the length at any depth
            SqlAnalysis plain = plainWriteVerdict(shape);
            if (plain != null) {
                return plain;
            }
            String unparsed = whyNotParsed(shape);
            if (unparsed != null) {
                return tooComplexWrite(shape, unparsed);
            }
            Statement statement;
            try {
                statement = BoundedParser.parse(sql, budget);
            } catch (BoundedParser.OverBudget e) {
                return tooComplexWrite(shape, overBudget());
            } catch (Exception | StackOverflowError e) {
                return unknownWrite(SqlAnalysis.Reason.UNPARSEABLE, "unparseable: " + e.getClass().getSimpleName());
            }
            Set<String> tables;
            TreeWalk collector = new TreeWalk(budget);
            try {
                tables = normalise(collector.getTables(statement));
                if (statement instanceof Truncate truncate && truncate.getTables() != null) {
                    // TRUNCATE a, b: the finder reports only the first table
                    Set<String> all = new LinkedHashSet<>(tables);
                    for (Table t : truncate.getTables()) {
                        all.add(TableNames.normalise(t.getFullyQualifiedName()));
                    }
                    tables = Collections.unmodifiableSet(all);
                }
            } catch (Budget.Spent e) {
                return tooComplexWrite(shape, overBudget());
            } catch (RuntimeException e) {
                return unknownWrite(SqlAnalysis.Reason.NOT_UNDERSTOOD, "cannot walk: " + e.getClass().getSimpleName());
            }
            collector.crossCheck(shape);
            if (tables.isEmpty()) {
                return write(SqlAnalysis.Kind.DML, Set.of(), true, null);
            }
            if (collector.unknownFunction != null) {
                // a stored function may write any table, unless the database declares it immutable or stable
                // (PostgreSQL refuses writes in those); never queued behind: the call would run later
                SqlAnalysis unknown = write(SqlAnalysis.Kind.DML, Set.of(), true, null);
                if (collector.unresolvable) {
                    return unknown;
                }
                SqlAnalysis immutable = write(SqlAnalysis.Kind.DML, tables, false, null);
                SqlAnalysis stable = new SqlAnalysis(SqlAnalysis.Kind.DML, tables, tables, false, false,
                        "a write calling stable function(s) " + String.join(", ", collector.userFunctions), hint,
                        null, SqlAnalysis.Reason.STABLE_FUNCTION, 0);
                return unknown.withUserFunctions(
                        new SqlAnalysis.UserFunctions(collector.userFunctions, immutable, stable));
            }
            String insertValues;
            try {
                insertValues = insertValuesTable(statement);
            } catch (RuntimeException e) {
                insertValues = null;
            }
            return write(SqlAnalysis.Kind.DML, tables, false, insertValues);
        }

        /**
         * The verdict on a plain {@code UPDATE} or {@code DELETE} from the lexical pass alone, or null when only the
         * parser can tell: the pass found its target and followed every relation, every call is a built-in (one
         * that reads the clock writes nothing either), no operator may be a user's. It writes and reads every
         * relation named, as the parsed verdict does. INSERT is always parsed: whether a write-behind queue may
         * take it depends on its exact form.
         */
        private SqlAnalysis plainWriteVerdict(SqlShape shape) {
            if (parseAlways || shape.target() == null || shape.relations() == null || shape.userOperator() != null) {
                return null;
            }
            for (List<String> call : shape.calls()) {
                if (FunctionRules.verdict(call) == FunctionRules.Verdict.UNKNOWN) {
                    return null;
                }
            }
            return write(SqlAnalysis.Kind.DML, shape.relations(), false, null);
        }

        /** Why {@code shape} is not handed to the parser, or null when it may be. */
        private String whyNotParsed(SqlShape shape) {
            if (shape.maxDepth() > MAX_DEPTH) {
                return "nested more than " + MAX_DEPTH + " deep";
            }
            if (shape.unknownOperator() != null) {
                return "operator " + shape.unknownOperator() + " unknown to the parser (it may run away on it)";
            }
            return null;
        }

        private String overBudget() {
            // the budget, not the time taken: the parse stops at the first check after it is spent
            return "over the analysis budget of " + Duration.ofNanos(budget.allowed()).toMillis() + " ms";
        }

        /**
         * A query the parser gave no answer for, judged by the lexical pass: not cached; it invalidates
         * everything only when it calls something that may be a function that writes, or uses an operator that
         * may be a user's (PostgreSQL runs a function for it). Every word counts as a table read (for the
         * write-behind tables that must be flushed before it runs).
         */
        private SqlAnalysis lexicalRead(SqlShape shape, SqlAnalysis.Reason reason, String why) {
            String unknown = mayWrite(shape);
            String detail = unknown == null ? why : why + "; calls " + unknown + ", which may write";
            return uncachedRead(shape.words(), unknown != null, reason, detail);
        }

        /** A DML statement whose write set the analysis cannot tell: it invalidates everything. */
        private SqlAnalysis unknownWrite(SqlAnalysis.Reason reason, String why) {
            return new SqlAnalysis(SqlAnalysis.Kind.DML, Set.of(), Set.of(), true, false, why, hint, null, reason, 0);
        }

        /**
         * A DML statement too complex to parse (too deep, over budget): its write set is unknown, so it invalidates
         * everything. When its text calls nothing that may be a user's function or operator, it cannot have
         * changed the session either, and is not opaque: a parse that ran out of CPU time (a JVM still compiling
         * the parser, a starved machine) must not stop the connection's caching for good.
         */
        private SqlAnalysis tooComplexWrite(SqlShape shape, String why) {
            String unknown = mayWrite(shape);
            if (unknown == null && shape.unknownOperator() != null) {
                unknown = "operator " + shape.unknownOperator();
            }
            boolean opaque = unknown != null;
            return new SqlAnalysis(SqlAnalysis.Kind.DML, Set.of(), Set.of(), true, false,
                    opaque ? why + "; calls " + unknown + ", which may write" : why, hint, null,
                    SqlAnalysis.Reason.TOO_COMPLEX, 0, null, opaque);
        }

        private SqlAnalysis session(SqlAnalysis.Kind kind, String why) {
            return new SqlAnalysis(kind, Set.of(), Set.of(), false, false, why, hint, null,
                    SqlAnalysis.Reason.SESSION_OR_TRANSACTION, 0);
        }

        private SqlAnalysis write(SqlAnalysis.Kind kind, Set<String> tables, boolean all, String insertValuesTable) {
            return new SqlAnalysis(kind, tables, tables, all, false, "a write", hint, insertValuesTable,
                    SqlAnalysis.Reason.WRITE, 0);
        }

        private SqlAnalysis uncachedRead(Set<String> tables, boolean invalidatesAll, SqlAnalysis.Reason reason,
                                         String why) {
            return new SqlAnalysis(SqlAnalysis.Kind.SELECT, tables, Set.of(), invalidatesAll, false, why, hint, null,
                    reason, 0);
        }
    }

    private static boolean isReadKeyword(String word) {
        return switch (word) {
            case "select", "with", "values", "table" -> true;
            default -> false;
        };
    }

    /** The first name the lexical pass saw called that may be a function that writes, or null. */
    /**
     * What the lexical pass saw in {@code shape} that may run a user's code, which may write or change the session:
     * the first call that may be a user's function, else an operator that may be a user's; null when neither.
     */
    private static String mayWrite(SqlShape shape) {
        String unknown = firstUnknownCall(shape);
        if (unknown == null && shape.userOperator() != null) {
            unknown = "operator " + shape.userOperator();
        }
        return unknown;
    }

    private static String firstUnknownCall(SqlShape shape) {
        for (List<String> call : shape.calls()) {
            if (FunctionRules.verdict(call) == FunctionRules.Verdict.UNKNOWN) {
                return String.join(".", call);
            }
        }
        return null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Collections.unmodifiableSet(all);
    }

    /** The table of a single-table {@code INSERT … VALUES} a write-behind queue could take; else null. */
    private static String insertValuesTable(Statement statement) {
        if (!(statement instanceof Insert insert) || insert.getTable() == null) {
            return null;
        }
        Select source = insert.getSelect();
        boolean valuesOnly = source instanceof Values
                || (source instanceof ParenthesedSelect p && p.getSelect() instanceof Values);
        if (!valuesOnly || insert.getReturningClause() != null || insert.getConflictAction() != null
                || insert.getDuplicateUpdateSets() != null || insert.getWithItemsList() != null) {
            return null;
        }
        return TableNames.normalise(insert.getTable().getFullyQualifiedName());
    }

    private static Set<String> normalise(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(TableNames.normalise(n));
        }
        return Collections.unmodifiableSet(out);
    }

    /** The first keyword, lower case, skipping whitespace, comments and opening parentheses. */
    /** Is {@code code} (comments removed) a SET or RESET of a {@link #RESULT_NEUTRAL_SETTINGS result-neutral} setting? */
    static boolean resultNeutralSetting(String code) {
        Matcher m = SETTING.matcher(code);
        if (!m.find()) {
            return false;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        // enable_*: PostgreSQL's planner switches (enable_seqscan, enable_hashjoin …) choose plans, not rows
        return RESULT_NEUTRAL_SETTINGS.contains(name) || name.startsWith("enable_");
    }

    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                // block comments nest in PostgreSQL and H2: "/* /* */ select */ delete …" is a DELETE
                i = SqlText.blockCommentEnd(sql, i);
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /** True when a database may read {@code sql} as more than one statement (see {@link SqlText}). */
    static boolean isMultiStatement(String sql) {
        return SqlText.mayHoldSeveralStatements(sql);
    }

    /**
     * Remembers, in a fixed table of hash codes, which texts were seen once: a text is cached only from its
     * second sight on. A slot holds the last text that hashed to it; a collision costs at most an analysis
     * cached too early or one more analysis. Unsynchronised: a lost write is such a collision.
     */
    private static final class SeenOnce {
        private final int[] hashes;

        SeenOnce(int maxEntries) {
            int wanted = (int) Math.min(1 << 16, Math.max(64L, 2L * maxEntries));
            hashes = new int[Integer.highestOneBit(wanted - 1) * 2]; // a power of two: the slot is a mask
        }

        /** True when {@code sql} was seen before; else remembers it. */
        boolean again(String sql) {
            int h = sql.hashCode();
            h = h == 0 ? 1 : h;
            int slot = (h ^ (h >>> 16)) & (hashes.length - 1);
            if (hashes[slot] == h) {
                return true;
            }
            hashes[slot] = h;
            return false;
        }
    }

    /** A text whose analysis ran out of time: analysed again at its 2nd, 4th, 8th … sight. */
    private static final class Overrun {
        final SqlAnalysis analysis;
        private final AtomicInteger sights = new AtomicInteger(1);

        Overrun(SqlAnalysis analysis) {
            this.analysis = analysis;
        }

        boolean retryNow() {
            return Integer.bitCount(sights.incrementAndGet()) == 1;
        }
    }
}
