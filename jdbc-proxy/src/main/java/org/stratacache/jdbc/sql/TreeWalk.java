package org.stratacache.jdbc.sql;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The walk of a parsed statement: JSqlParser's table finder, noting every function call and clock/session
 * keyword on the way, checking the {@link Budget}, and walking what {@link TablesNamesFinder} 5.3 skips: ORDER BY, GROUP BY, DISTINCT ON, QUALIFY, LIMIT/OFFSET/
 * FETCH, and a window function's name, PARTITION BY, ORDER BY and FILTER. {@link #crossCheck} then compares
 * with the lexical pass: a call or a subquery the walk did not reach still counts.
 */
final class TreeWalk extends TablesNamesFinder<Void> {
    private final Budget budget;
    /** Normalised names of the functions seen, and of the aliases (an alias may be followed by a column list). */
    private final Set<String> seen = new HashSet<>();
    String unknownFunction;
    /**
     * The names of the functions the built-in table does not know, lower case, schema kept (in order of first
     * call); {@link #unresolvable} when one of them cannot be looked up by name in the catalog.
     */
    final Set<String> userFunctions = new LinkedHashSet<>();
    boolean unresolvable;
    String volatileThing;
    int selects;

    TreeWalk(Budget budget) {
        this.budget = budget;
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        selects++;
        budget.check();
        super.visit(select, context);
        GroupByElement groupBy = select.getGroupBy();
        if (groupBy != null) {
            visitAll(groupBy.getGroupByExpressionList(), context);
            if (groupBy.getGroupingSets() != null) {
                for (ExpressionList<?> set : groupBy.getGroupingSets()) {
                    visitAll(set, context);
                }
            }
        }
        visitExpression(select.getQualify(), context);
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> item : select.getDistinct().getOnSelectItems()) {
                visitExpression(item.getExpression(), context);
            }
        }
        visitTail(select, context);
        return null;
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
        super.visit(list, context);
        visitTail(list, context);
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        noteAlias(select.getAlias());
        super.visit(select, context);
        visitTail(select, context);
        return null;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        noteAlias(table.getAlias());
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        noteAlias(item.getAlias());
        return super.visit(item, context);
    }

    /** ORDER BY, LIMIT, OFFSET and FETCH of any query. */
    private <S> void visitTail(Select select, S context) {
        if (select.getOrderByElements() != null) {
            for (OrderByElement element : select.getOrderByElements()) {
                visitExpression(element.getExpression(), context);
            }
        }
        if (select.getLimit() != null) {
            visitExpression(select.getLimit().getRowCount(), context);
            visitExpression(select.getLimit().getOffset(), context);
        }
        if (select.getOffset() != null) {
            visitExpression(select.getOffset().getOffset(), context);
        }
        if (select.getFetch() != null) {
            visitExpression(select.getFetch().getExpression(), context);
        }
    }

    private <S> void visitAll(List<?> expressions, S context) {
        if (expressions != null) {
            for (Object e : expressions) {
                visitExpression((Expression) e, context);
            }
        }
    }

    private <S> void visitExpression(Expression expression, S context) {
        if (expression != null) {
            expression.accept(this, context);
        }
    }

    private void noteAlias(Alias alias) {
        if (alias != null && alias.getName() != null) {
            seen.add(TableNames.normalise(alias.getName()));
        }
    }

    @Override
    public <S> Void visit(Function function, S context) {
        budget.check();
        noteCall(function.getMultipartName(), function.getName());
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(AnalyticExpression expression, S context) {
        noteCall(List.of(expression.getName()), expression.getName());
        super.visit(expression, context);
        visitAll(expression.getPartitionExpressionList(), context);
        for (List<OrderByElement> order : Arrays.asList(expression.getOrderByElements(),
                expression.getFuncOrderBy())) {
            if (order != null) {
                for (OrderByElement element : order) {
                    visitExpression(element.getExpression(), context);
                }
            }
        }
        visitExpression(expression.getFilterExpression(), context);
        return null;
    }

    private void noteCall(List<String> nameParts, String name) {
        seen.add(key(nameParts));
        switch (FunctionRules.verdict(nameParts)) {
            case UNKNOWN -> {
                if (unknownFunction == null) {
                    unknownFunction = name;
                }
                noteUserFunction(nameParts);
            }
            case VOLATILE -> noteVolatile(name);
            default -> {
            }
        }
    }

    /**
     * Records a call the built-in table does not know under the name the catalog is asked for. A quoted part
     * ({@code "MyFn"} is case-sensitive: lower-casing it could name another function) or more than two parts
     * (a database-qualified name) cannot be asked for by a lower-cased name: such a statement stays unknown.
     */
    private void noteUserFunction(List<String> nameParts) {
        if (nameParts == null || nameParts.isEmpty() || nameParts.size() > 2) {
            unresolvable = true;
            return;
        }
        StringBuilder name = new StringBuilder();
        for (String part : nameParts) {
            String p = part.trim();
            if (p.isEmpty() || p.charAt(0) == '"' || p.charAt(0) == '`' || p.charAt(0) == '[') {
                unresolvable = true;
                return;
            }
            name.append(name.length() == 0 ? "" : ".").append(p.toLowerCase(Locale.ROOT));
        }
        userFunctions.add(name.toString());
    }

    /**
     * Counts the calls the lexical pass saw and the walk did not reach (a name the walk saw as a function or
     * an alias is not one of them).
     */
    void crossCheck(SqlShape shape) {
        for (List<String> call : shape.calls()) {
            if (seen.contains(key(call)) || seen.contains(TableNames.normalise(call.get(call.size() - 1)))) {
                continue;
            }
            noteCall(call, String.join(".", call));
        }
    }

    private static String key(List<String> nameParts) {
        StringBuilder key = new StringBuilder();
        for (String part : nameParts) {
            key.append(key.length() == 0 ? "" : ".").append(TableNames.normalise(part));
        }
        return key.toString();
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
        budget.check();
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
