package org.stratacache.jdbc.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one pass of the lexer sees in a statement, outside literals and comments ({@link SqlText}), in time
 * linear in its length and before any parsing. It serves two ends.
 *
 * <p><b>Limits before the parser.</b> JSqlParser backtracks: its time grows exponentially with the nesting of
 * parentheses, and it runs away on an operator it does not know (PostgreSQL's {@code -|-}). {@link #maxDepth}
 * and {@link #unknownOperator} let the analyser refuse such text without parsing it.
 *
 * <p><b>A second, coarser reading.</b> When the parser gives no answer (too complex, or syntax it cannot
 * read), the analyser still has to decide what the statement may do: {@link #calls} names everything written
 * like a function call ({@code name(}, without the SQL constructs that look like one: {@code IN (}, {@code
 * ANY (}, {@code EXISTS (}, {@code OVER (}, a CTE's column list …), {@link #userOperator} an operator that
 * may be a user's (PostgreSQL runs a function for it), and {@link #words} every identifier (a superset of the
 * relations named). When the parser does answer, {@link #calls} and {@link #selects} check that the walk of its
 * tree saw every call and every subquery (JSqlParser's walker skips some clauses).
 *
 * <p>Every reading here errs on one side: a name that may be a call counts as a call; a word that may be a
 * relation counts as one.
 *
 * @param maxDepth        deepest nesting of parentheses and brackets
 * @param selects         number of SELECT keywords
 * @param unknownOperator the first operator JSqlParser 5.3 cannot parse (it may run away on it), or null
 * @param userOperator    the first operator that is neither JSqlParser's nor a built-in one of PostgreSQL or
 *                        H2, or null
 * @param calls           every name followed by an opening parenthesis that may be a function call, as name
 *                        parts (schema first, quoted parts with their quotes)
 * @param words           every identifier and keyword, normalised as {@link TableNames#normalise} does
 */
record SqlShape(int maxDepth, int selects, String unknownOperator, String userOperator, List<List<String>> calls,
                Set<String> words) {

    /**
     * The operators JSqlParser 5.3 parses (with complex parsing), found by trying each; any other operator makes
     * it fail, after a time that grows with the nesting around it.
     */
    private static final Set<String> KNOWN_OPERATORS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "+", "-",
            "*", "/", "%", "||", "~", "~*", "!~", "!~*", "->", "->>", "#>", "#>>", "@>", "<@", "?", "?|", "?&",
            "&&", "|", "&", "^", "<<", ">>", "@@", "@@@", "<->", "&>", "?-", "<=>", "^=", "~~", "!~~", "*=", "=*",
            "^@");
    /**
     * Operators of PostgreSQL (geometry, ranges, text search, network, JSON, bits, math) and H2 that JSqlParser
     * cannot parse: not a user's.
     */
    private static final Set<String> BUILT_IN_OPERATORS = Set.of("-|-", "&<", "<<|", "|>>", "&<|", "|&>", "<^",
            ">^", "?#", "?-|", "?||", "@-@", "~=", "<<=", ">>=", "#", "##", "#-", "|/", "||/", "@", "!!", "@?",
            "<%", "%>", "<<%", "%>>", "<->>", "<<->", "<<<->", "<->>>", "&&&", "!", "~<~", "~<=~", "~>=~", "~>~",
            "^<@", "^@>", "@@@", "=>");
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|?";

    /** Words followed by a parenthesis that is not a call: SQL constructs, clauses and operators. */
    private static final Set<String> NOT_CALLS = Set.of("select", "from", "where", "and", "or", "not", "in",
            "exists", "any", "all", "some", "values", "array", "row", "over", "filter", "within", "group", "as",
            "on", "using", "join", "lateral", "when", "then", "else", "case", "is", "like", "ilike", "between",
            "with", "union", "intersect", "except", "minus", "distinct", "set", "having", "limit", "offset",
            "fetch", "returning", "by", "into", "table", "cube", "rollup", "sets", "partition", "window", "only",
            "conflict", "do", "top", "xor", "escape", "similar", "to", "zone", "tablesample", "system",
            "bernoulli", "repeatable", "overlaps", "qualify", "of", "unique", "key", "check", "default", "update",
            "materialized", "recursive");
    /** Words after which a name and a parenthesis are not a call: an alias with column names, a target table. */
    private static final Set<String> BEFORE_NON_CALL = Set.of("as", "into", "table");

    /** Reads {@code sql} once. */
    static SqlShape of(String sql) {
        return new Scan(sql).run();
    }

    /** True when {@code run}, a run of operator characters, is an operator JSqlParser reads. */
    static boolean knownOperator(String run) {
        return KNOWN_OPERATORS.contains(core(run));
    }

    /** True when {@code run} is an operator of JSqlParser, PostgreSQL or H2 (not one a user created). */
    static boolean builtInOperator(String run) {
        String core = core(run);
        return KNOWN_OPERATORS.contains(core) || BUILT_IN_OPERATORS.contains(core);
    }

    /** The operator in a run of operator characters, without a unary sign or a JDBC parameter next to it. */
    private static String core(String run) {
        if (KNOWN_OPERATORS.contains(run) || BUILT_IN_OPERATORS.contains(run)) {
            return run;
        }
        String core = run;
        // a unary sign or a JDBC parameter after an operator: "=-1", "<>+2", "=?"
        while (core.length() > 1 && "+-?".indexOf(core.charAt(core.length() - 1)) >= 0) {
            core = core.substring(0, core.length() - 1);
        }
        // a parameter before it: "?=x"
        while (core.length() > 1 && core.charAt(0) == '?') {
            core = core.substring(1);
        }
        return core;
    }

    private enum Kind { WORD, QUOTED, LITERAL, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, DOT, CAST, OTHER }

    private record Token(Kind kind, String text) {
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equals(word);
        }
    }

    /** A name followed by '(' that may be a call; dropped when it turns out to name a CTE's columns. */
    private static final class Candidate {
        final List<String> name;
        boolean cte;

        Candidate(List<String> name) {
            this.name = name;
        }
    }

    private static final class Scan {
        private static final Token START = new Token(Kind.OTHER, "");
        private final String sql;
        private final int n;
        private int i;
        private int depth;
        private int maxDepth;
        private int selects;
        private String unknownOperator;
        private String userOperator;
        private final Set<String> words = new HashSet<>();
        private final List<Candidate> candidates = new ArrayList<>();
        /** Per open parenthesis: the candidate it opened, or null. */
        private final List<Candidate> open = new ArrayList<>();
        private Token prev = START;
        private List<String> chain;
        private Token beforeChain = START;
        /** After a candidate's ')': 1 = waiting for AS, 2 = waiting for '(' or MATERIALIZED/NOT (a CTE). */
        private int cteState;
        private Candidate closed;

        Scan(String sql) {
            this.sql = sql;
            this.n = sql.length();
        }

        SqlShape run() {
            Token t;
            while ((t = next()) != null) {
                accept(t);
            }
            List<List<String>> calls = new ArrayList<>();
            for (Candidate c : candidates) {
                if (!c.cte) {
                    calls.add(c.name);
                }
            }
            return new SqlShape(maxDepth, selects, unknownOperator, userOperator, Collections.unmodifiableList(calls),
                    Collections.unmodifiableSet(words));
        }

        private void accept(Token t) {
            checkCte(t);
            switch (t.kind) {
                case WORD, QUOTED -> {
                    words.add(TableNames.normalise(t.text));
                    if (t.isWord("select")) {
                        selects++;
                    }
                    if (prev.kind == Kind.DOT && chain != null) {
                        chain.add(t.text);
                    } else {
                        chain = new ArrayList<>(2);
                        chain.add(t.text);
                        beforeChain = prev;
                    }
                }
                case DOT -> {
                    if (!prev.isName()) {
                        chain = null;
                    }
                }
                case OPEN -> {
                    depth++;
                    maxDepth = Math.max(maxDepth, depth);
                    // a name before '(' may be a call; before '[' it is an array subscripted
                    Candidate c = t.text.equals("(") && prev.isName() && chain != null ? candidate(chain) : null;
                    if (c != null) {
                        candidates.add(c);
                    }
                    open.add(c);
                    chain = null;
                }
                case CLOSE -> {
                    depth = Math.max(0, depth - 1);
                    Candidate c = open.isEmpty() ? null : open.remove(open.size() - 1);
                    if (c != null) {
                        closed = c;
                        cteState = 1;
                    }
                    chain = null;
                }
                case OPERATOR -> {
                    if (unknownOperator == null && !knownOperator(t.text)) {
                        unknownOperator = t.text;
                    }
                    if (userOperator == null && !builtInOperator(t.text)) {
                        userOperator = t.text;
                    }
                    chain = null;
                }
                default -> chain = null;
            }
            prev = t;
        }

        /** {@code x(a, b) AS (…)} names the columns of a CTE: not a call. */
        private void checkCte(Token t) {
            if (cteState == 1 && t.kind != Kind.CLOSE) {
                cteState = t.isWord("as") ? 2 : 0;
            } else if (cteState == 2) {
                if (t.kind == Kind.OPEN && t.text.equals("(") || t.isWord("materialized") || t.isWord("not")) {
                    closed.cte = true;
                }
                cteState = 0;
            }
        }

        private Candidate candidate(List<String> name) {
            if (name.size() == 1 && NOT_CALLS.contains(name.get(0).toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (beforeChain.kind == Kind.CAST || beforeChain.kind == Kind.WORD
                    && BEFORE_NON_CALL.contains(beforeChain.text.toLowerCase(Locale.ROOT))) {
                return null; // a type with a precision (::numeric(10, 2)), an alias's or a target's column list
            }
            return new Candidate(List.copyOf(name));
        }

        /** The next token, or null at the end; skips whitespace and comments. */
        private Token next() {
            while (i < n) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (sql.startsWith("--", i) || sql.startsWith("//", i)) {
                    // "//" is a comment to H2, and no operator of PostgreSQL: a quote in it opens no literal
                    int eol = sql.indexOf('\n', i);
                    i = eol < 0 ? n : eol + 1;
                } else if (sql.startsWith("/*", i)) {
                    i = SqlText.blockCommentEnd(sql, i);
                } else {
                    return token(c);
                }
            }
            return null;
        }

        private Token token(char c) {
            int start = i;
            int literalEnd = SqlText.literalEnd(sql, i, SqlText.Dialect.STANDARD);
            if (literalEnd > i) {
                i = literalEnd;
                return c == '"' || c == '`' ? new Token(Kind.QUOTED, sql.substring(start, literalEnd))
                        : new Token(Kind.LITERAL, "");
            }
            if (isWordStart(c)) {
                i = wordEnd(i + 1);
                return new Token(Kind.WORD, sql.substring(start, i).toLowerCase(Locale.ROOT));
            }
            if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i = wordEnd(i + 1);
                return new Token(Kind.NUMBER, "");
            }
            i++;
            switch (c) {
                case '(', '[':
                    return new Token(Kind.OPEN, String.valueOf(c));
                case ')', ']':
                    return new Token(Kind.CLOSE, "");
                case ',':
                    return new Token(Kind.COMMA, "");
                case '.':
                    return new Token(Kind.DOT, "");
                case ':':
                    if (i < n && sql.charAt(i) == ':') {
                        i++;
                        return new Token(Kind.CAST, "");
                    }
                    return new Token(Kind.OTHER, ":");
                case '$':
                    i = wordEnd(i); // $1: a PostgreSQL parameter
                    return new Token(Kind.OTHER, "$");
                default:
                    break;
            }
            if (OPERATOR_CHARS.indexOf(c) < 0) {
                return new Token(Kind.OTHER, String.valueOf(c));
            }
            while (i < n && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0 && !sql.startsWith("--", i)
                    && !sql.startsWith("/*", i) && !sql.startsWith("//", i)) {
                i++;
            }
            String run = sql.substring(start, i);
            if ((run.equals("@") || run.equals("@@")) && i < n && isWordStart(sql.charAt(i))) {
                i = wordEnd(i); // @name, @@name: a session variable
                return new Token(Kind.OTHER, run);
            }
            return new Token(Kind.OPERATOR, run);
        }

        private int wordEnd(int from) {
            int j = from;
            while (j < n && SqlText.isIdentifierPart(sql.charAt(j))) {
                j++;
            }
            return j;
        }

        private static boolean isWordStart(char c) {
            return c > 127 || Character.isLetter(c) || c == '_';
        }
    }
}
