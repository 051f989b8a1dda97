package org.stratacache.jdbc.sql;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

/**
 * The shape of a single-table {@code INSERT INTO t [(c1, …)] VALUES (…), (…)} that a write-behind queue can
 * take instead of the database: the column names and, per row and column, either the index of a JDBC
 * parameter or a literal constant.
 *
 * <p>Only what can be reproduced exactly is accepted: cells that are {@code ?}, numbers, strings or
 * {@code NULL}. Anything else (a function call such as {@code now()}, a sub-select, {@code DEFAULT}) makes
 * {@link #of} return {@code null} and {@link #parse} say why; the statement then runs on the database after
 * the queue was flushed, never approximated. Without a column list the template has no columns until
 * {@link #withColumns} gives it the table's (every column, in ordinal order, as the database fills them).
 */
public final class InsertTemplate {
    /** Longest the parse of one INSERT may take. */
    static final Duration PARSE_LIMIT = Duration.ofSeconds(1);

    /** Why a statement is not a template. */
    public enum Refusal {
        /** Not an INSERT (or not parseable). */
        NOT_AN_INSERT,
        /** An INSERT, but not a plain {@code VALUES} list: {@code SELECT}, {@code WITH}, {@code RETURNING}, upsert. */
        NOT_PLAIN_VALUES,
        /** A {@code VALUES} cell that cannot be reproduced (function, expression, {@code DEFAULT}, {@code ?1}). */
        UNSUPPORTED_CELL
    }

    /** What {@link #parse} found: a template, or why there is none. */
    public record Parsed(InsertTemplate template, Refusal refusal) {
    }

    private final String table;
    private final List<String> columns;
    private final List<Object[]> rows;
    private final int parameterCount;

    /** A cell that takes the value of a bound JDBC parameter. */
    record Parameter(int index) {
    }

    private InsertTemplate(String table, List<String> columns, List<Object[]> rows, int parameterCount) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.parameterCount = parameterCount;
    }

    /**
     * The template of {@code sql}, or {@code null} when it is not a queueable single-table INSERT … VALUES. The
     * parse is bounded ({@link BoundedParser}) by {@link #PARSE_LIMIT}: a guard against a runaway only, since
     * the analysis has already parsed the text within its budget before a template is asked for.
     */
    public static InsertTemplate of(String sql) {
        return parse(sql).template();
    }

    /** The template of {@code sql}, or why it has none. */
    public static Parsed parse(String sql) {
        Statement statement;
        try {
            statement = BoundedParser.parse(sql, new Budget(PARSE_LIMIT.toNanos()));
        } catch (Exception | Error e) {
            return new Parsed(null, Refusal.NOT_AN_INSERT);
        }
        if (!(statement instanceof Insert insert)) {
            return new Parsed(null, Refusal.NOT_AN_INSERT);
        }
        try {
            return of(insert);
        } catch (RuntimeException e) {
            return new Parsed(null, Refusal.NOT_PLAIN_VALUES); // a shape the parser's model does not expect
        }
    }

    private static Parsed of(Insert insert) {
        if (insert.getTable() == null || insert.getSelect() == null || !(insert.getSelect() instanceof Values)
                || insert.getValues() == null || insert.getWithItemsList() != null
                || insert.getReturningClause() != null || insert.getConflictAction() != null
                || insert.getDuplicateUpdateSets() != null) {
            return new Parsed(null, Refusal.NOT_PLAIN_VALUES);
        }
        List<String> columns = new ArrayList<>();
        if (insert.getColumns() != null) {
            for (Column c : insert.getColumns()) {
                columns.add(c.getColumnName());
            }
        }
        Values values = insert.getValues();
        ExpressionList<?> expressions = values.getExpressions();
        List<ExpressionList<?>> rowLists = new ArrayList<>();
        // VALUES (1, 2), (3, 4) is a plain list of parenthesised rows; VALUES ((1), (2)) one row of two cells
        boolean multiRow = !(expressions instanceof ParenthesedExpressionList) && !expressions.isEmpty()
                && expressions.stream().allMatch(e -> e instanceof ExpressionList);
        if (multiRow) {
            for (Expression e : expressions) {
                rowLists.add((ExpressionList<?>) e);
            }
        } else {
            rowLists.add(expressions);
        }
        int width = columns.isEmpty() ? rowLists.get(0).size() : columns.size();
        int[] nextParameter = {0};
        List<Object[]> rows = new ArrayList<>();
        for (ExpressionList<?> row : rowLists) {
            if (row.size() != width || width == 0) {
                return new Parsed(null, Refusal.UNSUPPORTED_CELL); // the database reports the mismatch
            }
            Object[] cells = new Object[row.size()];
            for (int i = 0; i < row.size(); i++) {
                Object cell = cell(row.get(i), nextParameter);
                if (cell == Unsupported.INSTANCE) {
                    return new Parsed(null, Refusal.UNSUPPORTED_CELL);
                }
                cells[i] = cell;
            }
            rows.add(cells);
        }
        return new Parsed(new InsertTemplate(insert.getTable().getFullyQualifiedName(), columns, rows,
                nextParameter[0]), null);
    }

    /** False for {@code INSERT INTO t VALUES …}: the columns are the table's, see {@link #withColumns}. */
    public boolean hasColumnList() {
        return !columns.isEmpty();
    }

    /** Cells per row. */
    public int width() {
        return rows.get(0).length;
    }

    /**
     * This statement with {@code tableColumns} (every column of the table, in ordinal order) as its column list;
     * null when a row does not have one value per column (the database then reports the mismatch).
     */
    public InsertTemplate withColumns(List<String> tableColumns) {
        return tableColumns.size() == width() ? new InsertTemplate(table, tableColumns, rows, parameterCount) : null;
    }

    private enum Unsupported { INSTANCE }

    private static Object cell(Expression e, int[] nextParameter) {
        if (e instanceof JdbcParameter p) {
            if (p.isUseFixedIndex()) {
                return Unsupported.INSTANCE; // ?1 style: positional rules differ per driver
            }
            return new Parameter(++nextParameter[0]);
        }
        if (e instanceof LongValue l) {
            return l.getValue();
        }
        if (e instanceof DoubleValue d) {
            return new BigDecimal(d.toString());
        }
        if (e instanceof StringValue s) {
            return s.getPrefix() == null ? s.getValue().replace("''", "'") : Unsupported.INSTANCE;
        }
        if (e instanceof NullValue) {
            return null;
        }
        if (e instanceof SignedExpression signed && signed.getSign() == '-') {
            Object inner = cell(signed.getExpression(), nextParameter);
            if (inner instanceof Long l) {
                return -l;
            }
            if (inner instanceof BigDecimal b) {
                return b.negate();
            }
        }
        return Unsupported.INSTANCE;
    }

    /** The table as written in the statement (possibly schema-qualified or quoted). */
    public String table() {
        return table;
    }

    /** The column list as written; empty without one (until {@link #withColumns}). */
    public List<String> columns() {
        return columns;
    }

    /** Number of {@code ?} parameters the statement has. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Rows the statement inserts. */
    public int rowCount() {
        return rows.size();
    }

    /**
     * The values of every row, parameters substituted.
     *
     * @param parameters bound values by index - 1
     * @throws IllegalArgumentException when a parameter is not bound
     */
    public List<List<Object>> rows(Object[] parameters) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Object[] cells : rows) {
            List<Object> values = new ArrayList<>(cells.length);
            for (Object cell : cells) {
                if (cell instanceof Parameter p) {
                    if (parameters == null || p.index() > parameters.length) {
                        throw new IllegalArgumentException("parameter " + p.index() + " is not bound");
                    }
                    values.add(parameters[p.index() - 1]);
                } else {
                    values.add(cell);
                }
            }
            out.add(values);
        }
        return out;
    }
}
