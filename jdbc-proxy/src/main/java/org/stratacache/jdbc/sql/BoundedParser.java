package org.stratacache.jdbc.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.feature.Feature;
import net.sf.jsqlparser.parser.feature.FeatureConfiguration;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser within a {@link Budget}, on the caller's thread, with no other thread involved.
 *
 * <p><b>Why.</b> JSqlParser 5.3 decides between alternatives by trying them (syntactic lookahead), and with
 * complex parsing each level of nested parentheses doubles the work: twelve levels take seconds, and an
 * operator it does not know ({@code -|-}) may take minutes. Its own time-out ({@code CCJSqlParserUtil.parse…}
 * with {@code withTimeOut}) runs the parse on an executor thread and, when the time is up, sets the parser's
 * {@code interrupted} flag; that costs a thread hand-off per statement, and the flag only switches off some
 * lookaheads: measured, a parse went on for tens of milliseconds after it was set.
 *
 * <p><b>How.</b> The grammar asks its {@link FeatureConfiguration} whether a feature is on
 * ({@code getAsBoolean}) inside the lookahead routines of primary expressions, FROM items, expression lists and
 * CASE, so it asks all the time while it backtracks (every 2 µs in the runaway cases, measured).
 * {@link Deadline} overrides that method to look at the budget and, once it is spent, to throw: the exception
 * unwinds the parser (whose generated code catches only its own {@code ParseException} and lookahead signal,
 * and rethrows everything else), and the parse ends on its own thread. Measured over nested expressions of 20
 * kinds, 1 to 50 levels deep, with and without complex parsing: the parse stopped within 2.1 ms of thread CPU
 * time after the budget was spent, the worst case being an unknown operator, which the analysis does not hand
 * to the parser at all ({@link SqlShape#unknownOperator()}).
 *
 * <p>A statement is parsed first without complex parsing, which is fast on the nesting of ordinary
 * predicates; only when that fails is it parsed again with complex parsing, in what is left of the budget.
 */
final class BoundedParser {
    private BoundedParser() {
    }

    /**
     * The statement {@code sql} holds, parsed within {@code budget}.
     *
     * @throws OverBudget     when the budget is spent first
     * @throws ParseException when JSqlParser cannot read it
     */
    static Statement parse(String sql, Budget budget) throws OverBudget, ParseException {
        try {
            return parse(sql, budget, false);
        } catch (Budget.Spent e) {
            throw OverBudget.INSTANCE;
        } catch (ParseException | RuntimeException e) {
            // not readable without complex parsing: try with it, in what is left
        }
        try {
            return parse(sql, budget, true);
        } catch (Budget.Spent e) {
            throw OverBudget.INSTANCE;
        }
    }

    private static Statement parse(String sql, Budget budget, boolean complex) throws ParseException {
        budget.check();
        CCJSqlParser parser = new CCJSqlParser(new StringProvider(sql)).withConfiguration(new Deadline(budget))
                .withAllowComplexParsing(complex);
        try {
            return parser.Statement();
        } catch (StackOverflowError e) {
            throw new ParseException("nested too deeply for the parser's stack");
        }
    }

    /** The parse ran out of budget. One shared instance without a stack trace: it says nothing more. */
    static final class OverBudget extends Exception {
        private static final long serialVersionUID = 1L;
        static final OverBudget INSTANCE = new OverBudget();

        private OverBudget() {
            super("over the analysis budget", null, false, false);
        }
    }

    /** A parser configuration that ends the parse once the budget is spent (see the class comment). */
    private static final class Deadline extends FeatureConfiguration {
        private final Budget budget;

        Deadline(Budget budget) {
            this.budget = budget;
        }

        @Override
        public boolean getAsBoolean(Feature feature) {
            budget.check();
            return super.getAsBoolean(feature);
        }
    }
}
