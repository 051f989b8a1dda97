package org.stratacache.jdbc.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
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
 * <p>Two stages. A cheap lexical stage looks at the first keyword (after comments and parentheses) to
 * decide the {@link SqlAnalysis.Kind}: it needs no parser, so even SQL the parser rejects is classified
 * safely (an unparseable write invalidates everything; an unparseable read runs uncached and, since it
 * might call a stored function, also invalidates everything). The parser stage, for reads and DML only,
 * collects the tables with JSqlParser's {@link TablesNamesFinder} (which over-reports: subqueries, joins and
 * CTE bodies all count) and, for reads, every function and clock/session keyword.
 *
 * <p>Parsing uses {@link CCJSqlParserUtil#newParser(String)} and calls the grammar directly on the caller's
 * thread: {@code CCJSqlParserUtil.parse(String)} would hand each parse to a new executor thread to enforce
 * a timeout. The cache of analyses is bounded: when it is full it is cleared (cheap, and an application
 * with more distinct SQL texts than the bound is building SQL by concatenation, where caching the
 * analysis cannot pay anyway).
 */
public final class SqlAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(SqlAnalyzer.class);
    private static final Pattern LOCKING = Pattern.compile(
            "\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b|\\block\\s+in\\s+share\\s+mode\\b"
                    + "|\\b(updlock|holdlock|xlock|rowlock)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SELECT_INTO = Pattern.compile("\\binto\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATA_MODIFYING = Pattern.compile("\\b(insert|update|delete|merge)\\b",
            Pattern.CASE_INSENSITIVE);

    /** PostgreSQL reads these string literals, cast to a date or time, as the clock at execution. */
    private static final Pattern CLOCK_LITERAL = Pattern.compile("'\\s*(now|today|tomorrow|yesterday)\\s*'",
            Pattern.CASE_INSENSITIVE);
    /** DDL creating an object of this session only: it may shadow a table of the same name for this session. */
    private static final Pattern TEMPORARY_OBJECT = Pattern.compile(
            "^\\s*create\\s+(or\\s+replace\\s+)?((global|local)\\s+)?(temp|temporary)\\b",
            Pattern.CASE_INSENSITIVE);

    private final int maxEntries;
    private final ConcurrentHashMap<String, SqlAnalysis> cache = new ConcurrentHashMap<>();

    public SqlAnalyzer(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The analysis of {@code sql}, computed on first sight of the text. */
    public SqlAnalysis analyze(String sql) {
        SqlAnalysis known = cache.get(sql);
        if (known != null) {
            return known;
        }
        SqlAnalysis fresh = compute(sql);
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

    static SqlAnalysis compute(String sql) {
        SqlAnalysis.Hint hint;
        try {
            hint = Hints.parse(sql);
        } catch (IllegalArgumentException e) {
            // Logged once per SQL text: the analysis is cached.
            LOG.warn("Strata JDBC: {}; the statement runs uncached: {}", e.getMessage(), sql);
            return uncachedRead(Set.of(), false, e.getMessage(), SqlAnalysis.Hint.NONE);
        }
        if (isMultiStatement(sql)) {
            // "select …; delete …": the parser would read the first statement only, the database runs both.
            return write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, hint, null);
        }
        String word = firstKeyword(sql);
        switch (word) {
            case "select", "with", "values", "table":
                return analyzeRead(sql, hint);
            case "insert", "update", "delete", "merge", "upsert", "replace", "truncate", "copy":
                return analyzeWrite(sql, hint);
            case "create", "alter", "drop", "rename", "comment", "grant", "revoke", "refresh", "vacuum",
                    "analyze", "reindex", "cluster", "lock", "import", "load", "security":
                if (TEMPORARY_OBJECT.matcher(SqlText.withoutComments(sql)).find()) {
                    return new SqlAnalysis(SqlAnalysis.Kind.SESSION, Set.of(), Set.of(), false, false,
                            "creates a temporary object", hint, null);
                }
                return write(SqlAnalysis.Kind.DDL, Set.of(), true, hint, null);
            case "set", "reset", "use", "discard":
                return new SqlAnalysis(SqlAnalysis.Kind.SESSION, Set.of(), Set.of(), false, false,
                        "changes session state", hint, null);
            case "begin", "start":
                return new SqlAnalysis(SqlAnalysis.Kind.BEGIN, Set.of(), Set.of(), false, false,
                        "starts a transaction", hint, null);
            case "commit", "end", "abort":
                return new SqlAnalysis(SqlAnalysis.Kind.END_TRANSACTION, Set.of(), Set.of(), false, false,
                        "ends a transaction", hint, null);
            case "rollback":
                boolean toSavepoint = Pattern.compile("\\bto\\b", Pattern.CASE_INSENSITIVE).matcher(sql).find();
                return new SqlAnalysis(toSavepoint ? SqlAnalysis.Kind.SAVEPOINT : SqlAnalysis.Kind.END_TRANSACTION,
                        Set.of(), Set.of(), false, false, "transaction control", hint, null);
            case "savepoint", "release":
                return new SqlAnalysis(SqlAnalysis.Kind.SAVEPOINT, Set.of(), Set.of(), false, false,
                        "transaction control", hint, null);
            case "show", "describe", "desc", "help":
                return uncachedRead(Set.of(), false, "not a query of table data", hint);
            case "explain":
                boolean runs = Pattern.compile("\\banalyze\\b", Pattern.CASE_INSENSITIVE).matcher(sql).find();
                return runs ? write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, hint, null)
                        : uncachedRead(Set.of(), false, "EXPLAIN", hint);
            default:
                // CALL, {call …}, EXEC, DO, anything unrecognised: the write set is unknown.
                return write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, hint, null);
        }
    }

    private static SqlAnalysis analyzeRead(String sql, SqlAnalysis.Hint hint) {
        String code = SqlText.withoutComments(sql);
        if ("with".equals(firstKeyword(sql)) && DATA_MODIFYING.matcher(code).find()) {
            // WITH x AS (DELETE … RETURNING …) SELECT …: a write dressed as a read.
            return analyzeWrite(sql, hint);
        }
        Statement statement;
        try {
            statement = parse(sql);
        } catch (Exception | StackOverflowError e) {
            return uncachedRead(Set.of(), true, "unparseable: " + e.getClass().getSimpleName(), hint);
        }
        if (!(statement instanceof Select select)) {
            return uncachedRead(Set.of(), true, "not a plain query: " + statement.getClass().getSimpleName(), hint);
        }
        if (SELECT_INTO.matcher(code).find()) {
            return write(SqlAnalysis.Kind.UNKNOWN, Set.of(), true, hint, null);
        }
        Collector collector = new Collector();
        Set<String> tables;
        try {
            tables = normalise(collector.getTables((Statement) select));
        } catch (RuntimeException e) {
            return uncachedRead(Set.of(), true, "cannot walk: " + e.getClass().getSimpleName(), hint);
        }
        if (collector.unknownFunction != null) {
            return uncachedRead(tables, true, "calls function " + collector.unknownFunction
                    + " that may write", hint);
        }
        if (collector.volatileThing != null) {
            return uncachedRead(tables, false, "non-deterministic: " + collector.volatileThing, hint);
        }
        if (CLOCK_LITERAL.matcher(code).find()) {
            return uncachedRead(tables, false, "non-deterministic: a 'now'/'today' date literal", hint);
        }
        if (select.getForMode() != null || LOCKING.matcher(code).find()) {
            return uncachedRead(tables, false, "locking clause", hint);
        }
        if (hint.noCache()) {
            return uncachedRead(tables, false, "strata:nocache hint", hint);
        }
        return new SqlAnalysis(SqlAnalysis.Kind.SELECT, tables, Set.of(), false, true, null, hint, null);
    }

    private static SqlAnalysis analyzeWrite(String sql, SqlAnalysis.Hint hint) {
        Statement statement;
        try {
            statement = parse(sql);
        } catch (Exception | StackOverflowError e) {
            return write(SqlAnalysis.Kind.DML, Set.of(), true, hint, null);
        }
        Set<String> tables;
        try {
            tables = normalise(new Collector().getTables(statement));
            if (statement instanceof Truncate truncate && truncate.getTables() != null) {
                // TRUNCATE a, b: the finder reports only the first table
                Set<String> all = new LinkedHashSet<>(tables);
                for (Table t : truncate.getTables()) {
                    all.add(TableNames.normalise(t.getFullyQualifiedName()));
                }
                tables = Collections.unmodifiableSet(all);
            }
        } catch (RuntimeException e) {
            return write(SqlAnalysis.Kind.DML, Set.of(), true, hint, null);
        }
        if (tables.isEmpty()) {
            return write(SqlAnalysis.Kind.DML, Set.of(), true, hint, null);
        }
        String insertValues;
        try {
            insertValues = insertValuesTable(statement);
        } catch (RuntimeException e) {
            insertValues = null;
        }
        return write(SqlAnalysis.Kind.DML, tables, false, hint, insertValues);
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

    private static SqlAnalysis write(SqlAnalysis.Kind kind, Set<String> tables, boolean all, SqlAnalysis.Hint hint,
                                     String insertValuesTable) {
        return new SqlAnalysis(kind, tables, tables, all, false, "a write", hint, insertValuesTable);
    }

    private static SqlAnalysis uncachedRead(Set<String> tables, boolean invalidatesAll, String reason,
                                            SqlAnalysis.Hint hint) {
        return new SqlAnalysis(SqlAnalysis.Kind.SELECT, tables, Set.of(), invalidatesAll, false, reason, hint, null);
    }

    private static Statement parse(String sql) throws Exception {
        // The grammar on this thread: no executor, no thread per call (see class comment).
        return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statement();
    }

    private static Set<String> normalise(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(TableNames.normalise(n));
        }
        return Collections.unmodifiableSet(out);
    }

    /** The first keyword, lower case, skipping whitespace, comments and opening parentheses. */
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
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
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

    /** The finder, noting every function call and clock/session keyword on the way. */
    private static final class Collector extends TablesNamesFinder<Void> {
        String unknownFunction;
        String volatileThing;

        @Override
        public <S> Void visit(Function function, S context) {
            switch (FunctionRules.verdict(function.getMultipartName())) {
                case UNKNOWN -> {
                    if (unknownFunction == null) {
                        unknownFunction = function.getName();
                    }
                }
                case VOLATILE -> noteVolatile(function.getName());
                default -> {
                }
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(TimeKeyExpression expression, S context) {
            noteVolatile(expression.getStringValue());
            return super.visit(expression, context);
        }

        @Override
        public <S> Void visit(NextValExpression expression, S context) {
            noteVolatile("NEXT VALUE FOR");
            return super.visit(expression, context);
        }

        @Override
        public <S> Void visit(UserVariable variable, S context) {
            noteVolatile("session variable " + variable);
            return super.visit(variable, context);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            if (column.getTable() == null || column.getTable().getName() == null) {
                if (FunctionRules.isVolatileKeyword(column.getColumnName())) {
                    noteVolatile(column.getColumnName());
                }
            }
            return super.visit(column, context);
        }

        private void noteVolatile(String what) {
            if (volatileThing == null) {
                volatileThing = what;
            }
        }
    }
}
