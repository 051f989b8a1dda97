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
 * <p><b>The relations read, without the parser.</b> {@link #relations} are the names in the places a relation can
 * stand in a query: after {@code FROM}, after {@code JOIN}, after a comma of a {@code FROM} list, at any depth
 * of subqueries. When the rest of the statement is plain too (only deterministic built-ins, no clock or
 * session keyword, no locking, no write), the analyser takes its verdict from this pass alone and never
 * parses the text: a fraction of the parser's cost, and linear in the length (see {@code SqlAnalyzer}). The
 * scan gives up (null) on anything it does not follow — a sequence or session-variable read, {@code TABLE},
 * a {@code JOIN} outside a {@code FROM} clause, a token in a relation's place that is no name — and the
 * parser decides as before.
 *
 * <p>Every reading here errs on one side: a name that may be a call counts as a call; a word that may be a
 * relation counts as one (a CTE's name and the operand of {@code IS DISTINCT FROM} may be tagged as
 * relations: a write to a table of that name then invalidates more than it must, never less).
 *
 * @param maxDepth        deepest nesting of parentheses and brackets
 * @param selects         number of SELECT keywords
 * @param unknownOperator the first operator JSqlParser 5.3 cannot parse (it may run away on it), or null
 * @param userOperator    the first operator that is neither JSqlParser's nor a built-in one of PostgreSQL or
 *                        H2, or null
 * @param calls           every name followed by an opening parenthesis that may be a function call, as name
 *                        parts (schema first, quoted parts with their quotes)
 * @param words           every identifier and keyword, normalised as {@link TableNames#normalise} does
 * @param relations       every name in a relation's place, normalised as {@link TableNames#normalise} does,
 *                        or null when the scan cannot tell them (see above)
 * @param target          the relation an {@code UPDATE} or {@code DELETE FROM} statement names first (the one it
 *                        writes), normalised; null for other statements or when the scan cannot tell
 * @param ambiguous       PostgreSQL and H2 split the text into different tokens ({@code //}, a backtick, a space
 *                        character beyond ASCII): the other fields hold both readings (calls, words: the union;
 *                        relations, target: null), and no parser reads it as both databases do
 */
record SqlShape(int maxDepth, int selects, String unknownOperator, String userOperator, List<List<String>> calls,
                Set<String> words, Set<String> relations, String target, boolean ambiguous) {

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
    /**
     * Words reserved in PostgreSQL and H2 alike that end a {@code FROM} clause (none can be an alias there). A
     * word missing here only makes later commas of the clause tag the next name as a relation too.
     */
    private static final Set<String> END_OF_FROM = Set.of("where", "group", "having", "order", "limit", "offset",
            "fetch", "union", "intersect", "except", "window", "returning", "for");
    /** Words that begin the query a WITH list prefixes. */
    private static final Set<String> WITH_LIST_END = Set.of("values", "insert", "update", "delete", "merge");
    /**
     * Words reserved in PostgreSQL and H2 alike that cannot name a relation: in a relation's place they mean the
     * text is not what the scan expects (or not SQL at all), and the parser decides.
     */
    private static final Set<String> NOT_A_RELATION = Set.of("select", "from", "where", "group", "having",
            "order", "limit", "offset", "fetch", "union", "intersect", "except", "window", "returning", "for", "on",
            "join", "and", "or", "not", "null", "true", "false", "case", "when", "then", "else", "end", "as",
            "distinct", "all", "any", "some", "in", "is", "like", "between", "exists", "into", "using", "natural",
            "left", "right", "inner", "outer", "full", "cross", "table");

    /** Reads {@code sql} once. */
    static SqlShape of(String sql) {
        Scan h2 = new Scan(sql, false);
        SqlShape first = h2.run();
        if (!h2.ambiguous) {
            return first;
        }
        // PostgreSQL's tokens: "//" an operator, a backtick an operator character, a non-ASCII space a letter
        SqlShape second = new Scan(sql, true).run();
        List<List<String>> calls = new ArrayList<>(first.calls);
        calls.addAll(second.calls);
        Set<String> words = new HashSet<>(first.words);
        words.addAll(second.words);
        return new SqlShape(Math.max(first.maxDepth, second.maxDepth), Math.max(first.selects, second.selects),
                first.unknownOperator != null ? first.unknownOperator : second.unknownOperator,
                first.userOperator != null ? first.userOperator : second.userOperator,
                Collections.unmodifiableList(calls), Collections.unmodifiableSet(words), null, null, true);
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
        /**
         * The name stands where a CTE's name can: right after WITH or RECURSIVE, or after the comma that follows a
         * CTE's body. Elsewhere {@code f(…) AS (…)} is a call with a column definition list (PostgreSQL's
         * record-returning functions: {@code FROM f(1) AS (a int, b text)}).
         */
        final boolean mayNameCte;
        boolean cte;

        Candidate(List<String> name, boolean mayNameCte) {
            this.name = name;
            this.mayNameCte = mayNameCte;
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
        private Token beforePrev = START;
        private List<String> chain;
        private Token beforeChain = START;
        /**
         * Per depth (the statement, then each open parenthesis): {@code [0]} 1 while a WITH list is open there (from
         * its first CTE's body to the query it prefixes, SEARCH and CYCLE clauses included); {@code [1]} 1 for a
         * parenthesis opened as a CTE's body whose first token is not seen yet, 2 once that token began a query.
         */
        private final List<int[]> levels = new ArrayList<>(List.of(new int[2]));
        /** AS followed a name that may name a CTE: a '(' (after MATERIALIZED or NOT MATERIALIZED) opens its body. */
        private boolean bodyNext;
        /** With {@link #bodyNext}: the candidate whose ')' came before that AS (its column list), or null. */
        private Candidate bodyColumns;
        /** The candidate the last token closed, when its name may name a CTE: a CTE's column list if AS follows. */
        private Candidate closedCteColumns;
        /** The current name chain stands where a CTE's name can (see {@link Candidate#mayNameCte}). */
        private boolean chainMayNameCte;
        /** The relations seen so far, or null once the scan gave up telling them. */
        private Set<String> relations = new HashSet<>();
        /** Per depth (the statement, then each open parenthesis): where the scan is in its clauses. */
        private final List<Frame> frames = new ArrayList<>(List.of(new Frame(false)));
        /** True while the current name chain stands in a relation's place. */
        private boolean relationChain;
        private boolean sequenceValue;
        /** 1 while the next relation is an UPDATE's or DELETE's target, 2 once it was seen. */
        private int targetState;
        private String target;
        private int tokens;
        /**
         * The databases split this text into tokens differently: a {@code //} (a comment to H2, an operator or
         * the start of {@code //* …} to PostgreSQL), a backtick (a quote to H2, an operator character to
         * PostgreSQL), a space character beyond ASCII (white space to H2, an identifier's letter to PostgreSQL).
         * Each reading may hide a relation the other sees: the relations are then not told (the parser decides).
         */
        private boolean ambiguous;

        /** Tokens as PostgreSQL reads them where H2 differs (see {@link #ambiguous}). */
        private final boolean postgresTokens;

        Scan(String sql, boolean postgresTokens) {
            this.sql = sql;
            this.n = sql.length();
            this.postgresTokens = postgresTokens;
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
            endRelationChain(null);
            if (ambiguous) {
                relations = null;
            }
            if (relations != null && frames.get(frames.size() - 1).expectRelation) {
                relations = null; // "… FROM" with nothing after it
            }
            return new SqlShape(maxDepth, selects, unknownOperator, userOperator, Collections.unmodifiableList(calls),
                    Collections.unmodifiableSet(words), relations == null ? null : Collections.unmodifiableSet(relations),
                    relations == null ? null : target, ambiguous);
        }

        private void accept(Token t) {
            followCteBodies(t);
            if (relations != null) {
                trackRelations(t);
            }
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
                        chainMayNameCte = prev.isWord("with") || prev.isWord("recursive")
                                || prev.kind == Kind.COMMA && levels.get(levels.size() - 1)[0] == 1;
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
                    if (relations != null) {
                        Frame outer = frames.get(frames.size() - 1);
                        Frame inner = new Frame(c != null);
                        if (outer.expectRelation) {
                            // "FROM (": a subquery, a parenthesised join, or a relation in parentheses
                            outer.expectRelation = false;
                            inner.fromClause = true;
                            inner.expectRelation = true;
                        }
                        if (outer.withList && outer.cteStage == CTE_AS) {
                            inner.cteBodyOf = outer.cteName; // WITH name AS (…): the CTE's body
                        }
                        frames.add(inner);
                    }
                    chain = null;
                }
                case CLOSE -> {
                    depth = Math.max(0, depth - 1);
                    if (relations != null && frames.size() > 1) {
                        Frame inner = frames.remove(frames.size() - 1);
                        if (inner.expectRelation) {
                            relations = null; // "FROM ( )" or "JOIN )": not followed
                        }
                        Frame outer = frames.get(frames.size() - 1);
                        if (outer.withList && outer.cteStage == CTE_AS) {
                            if (inner.cteBodyOf != null) {
                                // from here on, in this query and its subqueries, the name means the CTE
                                outer.ctes.add(inner.cteBodyOf);
                            }
                            outer.cteName = null;
                            outer.cteStage = CTE_NONE;
                        }
                    }
                    Candidate c = open.isEmpty() ? null : open.remove(open.size() - 1);
                    if (c != null && c.mayNameCte) {
                        closedCteColumns = c;
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
            beforePrev = prev;
            prev = t;
        }

        /**
         * Follows the clauses for {@link SqlShape#relations}, before {@code t} is taken into the name chain and the
         * depth (parentheses open and close frames in {@link #accept}).
         */
        private void trackRelations(Token t) {
            tokens++;
            if (relationChain) {
                boolean continues = t.kind == Kind.DOT || prev.kind == Kind.DOT && t.isName();
                if (continues) {
                    return;
                }
                endRelationChain(t);
            }
            Frame frame = frames.get(frames.size() - 1);
            if (frame.expectRelation) {
                if (t.isWord("lateral") || t.isWord("only") || t.kind == Kind.OPEN && t.text.equals("(")) {
                    return; // still a relation (or a subquery, a function) to come; "(" opens its frame in accept
                }
                if (t.isWord("select") || t.isWord("with") || t.isWord("values")) {
                    // "FROM (SELECT …", "FROM (VALUES …": the subquery's own clauses follow
                    frame.expectRelation = false;
                    frame.fromClause = false;
                } else if (!t.isName() || t.kind == Kind.WORD && NOT_A_RELATION.contains(t.text)) {
                    relations = null; // H2's TABLE(…), "FROM ?", "FROM 'x'" …: not followed
                    return;
                } else {
                    frame.expectRelation = false;
                    relationChain = true;
                    return;
                }
            }
            if (frame.withList && followCte(frame, t)) {
                return;
            }
            if (t.kind == Kind.COMMA) {
                frame.expectRelation = frame.fromClause;
                frame.joined = false;
            } else if (t.kind == Kind.WORD) {
                if (tokens == 1 && t.text.equals("update")
                        || tokens == 2 && t.text.equals("from") && prev.isWord("delete")) {
                    // the statement's own target: UPDATE [ONLY] t …, DELETE FROM [ONLY] t …
                    targetState = 1;
                    frame.expectRelation = true;
                    frame.fromClause = t.text.equals("from");
                    return;
                }
                switch (t.text) {
                    case "select" -> {
                        frame.selectSeen = true;
                        frame.fromClause = false;
                    }
                    case "from" -> {
                        // FROM inside a call's parentheses is an argument's (EXTRACT, TRIM, SUBSTRING …), and
                        // IS DISTINCT FROM compares: neither names a relation
                        boolean distinctFrom = prev.isWord("distinct")
                                && (beforePrev.isWord("is") || beforePrev.isWord("not"));
                        if ((!frame.call || frame.selectSeen) && !distinctFrom) {
                            frame.fromClause = true;
                            frame.expectRelation = true;
                            frame.joined = false;
                        }
                    }
                    case "using" -> {
                        // after a JOIN, USING (a, b) lists columns; DELETE … USING a, b lists relations
                        if (!frame.joined) {
                            frame.fromClause = true;
                            frame.expectRelation = true;
                        }
                    }
                    case "with" -> {
                        // a WITH list only where a query begins: elsewhere WITH is part of WITH TIME ZONE,
                        // WITH ORDINALITY, WITH TIES …, whose next words are no CTE (ignoring a WITH list only
                        // makes its names count as relations)
                        if (prev != START && !(prev.kind == Kind.OPEN && prev.text.equals("("))) {
                            break;
                        }
                        frame.withList = true;
                        frame.cteNameNext = true;
                        frame.recursive = false;
                        frame.cteStage = CTE_NONE;
                        frame.cteName = null;
                    }
                    case "join" -> {
                        if (frame.fromClause) {
                            frame.joined = true;
                            frame.expectRelation = true;
                        } else {
                            relations = null;
                        }
                    }
                    case "table" -> relations = null; // TABLE t, a query of its own (in a subquery too)
                    case "value" -> {
                        if (prev.isWord("next") || prev.isWord("current")) {
                            sequenceValue = true; // NEXT VALUE FOR s, CURRENT VALUE FOR s: not followed
                        }
                    }
                    default -> {
                        if (END_OF_FROM.contains(t.text)) {
                            frame.fromClause = false;
                        }
                    }
                }
                if (sequenceValue) {
                    relations = null;
                }
            } else if (t.kind == Kind.OTHER && (t.text.equals("@") || t.text.equals("@@"))) {
                relations = null; // a session variable: its value is the session's
            } else if (t.kind == Kind.QUOTED && prev.kind == Kind.OPERATOR && prev.text.endsWith("&")) {
                relations = null; // U&"d\0061ta": an identifier with Unicode escapes, not followed
            }
        }

        /**
         * Follows the list of a WITH clause in {@code frame}: each {@code name [(columns)] AS [[NOT] MATERIALIZED]
         * (body)}, separated by commas; the name is in scope once its body closed (see {@link #accept}). True when
         * {@code t} was taken. The list ends where the query it prefixes begins.
         */
        private boolean followCte(Frame frame, Token t) {
            if (frame.cteStage == CTE_NONE) {
                if (t.kind == Kind.COMMA) {
                    frame.cteNameNext = true;
                    return true;
                }
                if (frame.cteNameNext && t.isWord("recursive")) {
                    frame.recursive = true;
                    return true;
                }
                if (frame.cteNameNext && t.kind == Kind.WORD && !NOT_A_RELATION.contains(t.text)
                        && !WITH_LIST_END.contains(t.text)) {
                    frame.cteName = t.text;
                    frame.cteStage = CTE_NAME;
                    frame.cteNameNext = false;
                    if (frame.recursive) {
                        frame.ctes.add(t.text); // WITH RECURSIVE: in its own body the name is the CTE's
                    }
                    return true;
                }
                if (frame.cteNameNext && t.kind == Kind.QUOTED) {
                    frame.cteName = null; // a quoted name: never taken for a reference to it (a superset)
                    frame.cteStage = CTE_NAME;
                    frame.cteNameNext = false;
                    return true;
                }
                if (!frame.cteNameNext && t.kind == Kind.WORD && !t.text.equals("select")
                        && !WITH_LIST_END.contains(t.text) && !t.text.equals("table")) {
                    // after a CTE's body, neither a comma nor the query: SEARCH … SET …, CYCLE … USING …
                    // (PostgreSQL 14) or something else the scan does not follow
                    relations = null;
                    return true;
                }
                frame.withList = false; // the query itself
                return false;
            }
            if (frame.cteStage == CTE_NAME && t.isWord("as")) {
                frame.cteStage = CTE_AS;
            }
            // "(columns)" after the name, NOT MATERIALIZED, and the body's "(": accept opens their frames
            return true;
        }

        /** True when {@code name} (lower case, unquoted, unqualified) names a CTE in scope. */
        private boolean isCteInScope(String name) {
            for (Frame f : frames) {
                if (f.ctes.contains(name)) {
                    return true;
                }
            }
            return false;
        }

        /** Ends the name chain standing in a relation's place: a relation, unless a call's parenthesis follows. */
        private void endRelationChain(Token next) {
            if (!relationChain) {
                return;
            }
            relationChain = false;
            boolean tableFunction = next != null && next.kind == Kind.OPEN && next.text.equals("(");
            // a single unquoted name that a CTE in scope took: the CTE, whose own relations were read in its body
            boolean cte = chain != null && chain.size() == 1 && isCteInScope(chain.get(0));
            if (relations != null && chain != null && !tableFunction && !cte) {
                // a table function's volatility is its call's, judged with the other calls
                String name = TableNames.normalise(chain.get(chain.size() - 1));
                relations.add(name);
                if (targetState == 1) {
                    target = name;
                }
            }
            if (targetState == 1) {
                targetState = 2;
            }
        }

        private static final int CTE_NONE = 0;
        private static final int CTE_NAME = 1;
        private static final int CTE_AS = 2;

        /** Where the scan is in the clauses of one depth. */
        private static final class Frame {
            /** Opened by a function call: FROM in it is an argument's keyword, until a SELECT. */
            final boolean call;
            boolean selectSeen;
            boolean fromClause;
            boolean expectRelation;
            /** A JOIN since the last relation of the FROM list: USING then lists columns. */
            boolean joined;
            /** Inside the list of a WITH clause: where in one entry ({@code CTE_*}), and its name. */
            boolean withList;
            boolean recursive;
            /** Right after WITH, RECURSIVE or a comma of the list: a CTE's name comes next. */
            boolean cteNameNext;
            int cteStage;
            String cteName;
            /** This frame is the body of the CTE of that name. */
            String cteBodyOf;
            /** The CTEs whose bodies closed in this frame (lower case, unquoted): in scope here and deeper. */
            final Set<String> ctes = new HashSet<>(2);

            Frame(boolean call) {
                this.call = call;
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
            return new Candidate(List.copyOf(name), chainMayNameCte && name.size() == 1);
        }

        /**
         * Follows WITH lists: a CTE's body is a parenthesis after AS [[NOT] MATERIALIZED] that follows a name which
         * may name a CTE (or that name's column list), and whose first token begins a query; it opens the WITH list
         * at its depth, where a comma then lets the next name name a CTE too, until the query the list prefixes.
         * {@code x(a, b) AS (…)} there names the columns of a CTE: the candidate {@code x} is no call.
         */
        private void followCteBodies(Token t) {
            int[] level = levels.get(levels.size() - 1);
            if (level[1] == 1) {
                level[1] = startsQuery(t) || t.kind == Kind.OPEN && t.text.equals("(") ? 2 : 0;
                if (level[1] == 2) {
                    levels.get(levels.size() - 2)[0] = 1;
                }
            }
            boolean bodyWasNext = bodyNext;
            Candidate columns = bodyColumns;
            bodyNext = false;
            bodyColumns = null;
            if (t.isWord("as")) {
                bodyNext = prev.isName() && chainMayNameCte && chain != null && chain.size() == 1
                        || closedCteColumns != null;
                bodyColumns = closedCteColumns;
            } else if (bodyWasNext && (t.isWord("not") || t.isWord("materialized"))) {
                bodyNext = true;
                bodyColumns = columns;
            }
            if (bodyWasNext && columns != null
                    && (t.kind == Kind.OPEN && t.text.equals("(") || t.isWord("not") || t.isWord("materialized"))) {
                columns.cte = true;
            }
            if (t.kind == Kind.OPEN) {
                levels.add(new int[] {0, bodyWasNext && t.text.equals("(") ? 1 : 0});
            } else if (t.kind == Kind.CLOSE) {
                if (levels.size() > 1) {
                    levels.remove(levels.size() - 1);
                }
            } else if (level[0] == 1 && startsQuery(t)) {
                level[0] = 0; // the query the WITH list prefixes begins
            }
            closedCteColumns = null; // set again by accept when this token closes such a column list
        }

        private static boolean startsQuery(Token t) {
            return t.isWord("select") || t.isWord("values") || t.isWord("with") || t.isWord("table")
                    || t.isWord("insert") || t.isWord("update") || t.isWord("delete") || t.isWord("merge");
        }

        /** The next token, or null at the end; skips whitespace and comments. */
        private Token next() {
            while (i < n) {
                char c = sql.charAt(i);
                if (c < 128 && Character.isWhitespace(c) || c > 127 && !postgresTokens
                        && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                    ambiguous |= c > 127;
                    i++;
                } else if (sql.startsWith("--", i) || !postgresTokens && sql.startsWith("//", i)) {
                    ambiguous |= sql.startsWith("//", i);
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
            int literalEnd = postgresTokens && c == '`' ? i : SqlText.literalEnd(sql, i, SqlText.Dialect.STANDARD);
            if (literalEnd > i) {
                i = literalEnd;
                ambiguous |= c == '`';
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
            if (OPERATOR_CHARS.indexOf(c) < 0 && !(postgresTokens && c == '`')) {
                return new Token(Kind.OTHER, String.valueOf(c));
            }
            while (i < n && (OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0 || postgresTokens && sql.charAt(i) == '`')
                    && !sql.startsWith("--", i) && !sql.startsWith("/*", i)
                    && (postgresTokens || !sql.startsWith("//", i))) {
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
                char c = sql.charAt(j);
                ambiguous |= c > 127 && (Character.isWhitespace(c) || Character.isSpaceChar(c));
                j++;
            }
            return j;
        }

        private static boolean isWordStart(char c) {
            return c > 127 || Character.isLetter(c) || c == '_';
        }
    }
}
