package org.stratacache.jdbc.sql;

/**
 * The lexical layer under the analysis: where comments are, given that comment markers and semicolons inside
 * literals are text. A {@code --} inside {@code 'a--b'} must not hide the rest of the line: that rest may be a
 * second statement ({@code insert … values ('a--b'); update …}) whose writes would otherwise go unseen.
 *
 * <p>Literals recognised: {@code '…'} with {@code ''} (and, in PostgreSQL {@code E'…'} strings, backslash)
 * escapes (statement separation also tries backslash escapes everywhere and H2's {@code //} comments, see
 * {@link Dialect}), {@code "…"} and {@code `…`} quoted identifiers, and PostgreSQL dollar quoting ({@code $$…$$},
 * {@code $tag$…$tag$}). Block comments nest, as in PostgreSQL and H2. An unterminated literal or comment runs to
 * the end of the text.
 */
final class SqlText {
    private SqlText() {
    }

    /**
     * How a database may read the text, where databases differ: whether {@code //} starts a line comment (H2),
     * and whether a backslash escapes a quote inside every string literal (MySQL, PostgreSQL with
     * {@code standard_conforming_strings=off}).
     */
    enum Dialect {
        STANDARD(false, false), SLASH_COMMENTS(true, false), BACKSLASH_ESCAPES(false, true), BOTH(true, true);

        final boolean slashComments;
        final boolean backslashEscapes;

        Dialect(boolean slashComments, boolean backslashEscapes) {
            this.slashComments = slashComments;
            this.backslashEscapes = backslashEscapes;
        }
    }

    /**
     * True when some way of reading {@code sql} ({@link Dialect}) finds a ';' outside literals and comments
     * before the trailing ones: then a database may run more than one statement. Reading it as several when
     * it is one only costs caching; the opposite would hide a write.
     */
    static boolean mayHoldSeveralStatements(String sql) {
        for (Dialect dialect : Dialect.values()) {
            String code = withoutComments(sql, dialect).strip();
            while (code.endsWith(";")) {
                code = code.substring(0, code.length() - 1).strip();
            }
            if (hasSemicolonOutsideLiterals(code, dialect)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sql} with every standard comment ({@code --}, nested block comments) replaced by one space;
     * literals are kept as they are. For pattern checks: it strips no more than any database does.
     */
    static String withoutComments(String sql) {
        return withoutComments(sql, Dialect.STANDARD);
    }

    private static String withoutComments(String sql, Dialect dialect) {
        if (sql.indexOf("--") < 0 && sql.indexOf("/*") < 0 && !(dialect.slashComments && sql.contains("//"))) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            int literalEnd = literalEnd(sql, i, dialect);
            if (literalEnd > i) {
                out.append(sql, i, literalEnd);
                i = literalEnd;
            } else if (sql.startsWith("--", i) || dialect.slashComments && sql.startsWith("//", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol;
                out.append(' ');
            } else if (sql.startsWith("/*", i)) {
                i = blockCommentEnd(sql, i);
                out.append(' ');
            } else {
                out.append(sql.charAt(i++));
            }
        }
        return out.toString();
    }

    /** True when {@code code} (already without comments) has a ';' outside every literal. */
    private static boolean hasSemicolonOutsideLiterals(String code, Dialect dialect) {
        int i = 0;
        int n = code.length();
        while (i < n) {
            int literalEnd = literalEnd(code, i, dialect);
            if (literalEnd > i) {
                i = literalEnd;
            } else if (code.charAt(i++) == ';') {
                return true;
            }
        }
        return false;
    }

    /** The index after the literal that starts at {@code i}; {@code i} itself when none starts there. */
    static int literalEnd(String sql, int i, Dialect dialect) {
        char c = sql.charAt(i);
        if (c == '\'') {
            boolean backslashEscapes = dialect.backslashEscapes
                    || i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
            return quotedEnd(sql, i, '\'', backslashEscapes);
        }
        if (c == '"' || c == '`') {
            return quotedEnd(sql, i, c, false);
        }
        if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
            int tagEnd = i + 1;
            while (tagEnd < sql.length() && isTagPart(sql.charAt(tagEnd), tagEnd == i + 1)) {
                tagEnd++;
            }
            if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? sql.length() : close + tag.length();
            }
        }
        return i;
    }

    private static int quotedEnd(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote: part of the literal
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    static int blockCommentEnd(String sql, int open) {
        int depth = 0;
        int i = open;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** As PostgreSQL reads identifiers: any character above 127 is a letter. */
    static boolean isIdentifierPart(char c) {
        return c > 127 || Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * A dollar-quote tag: a letter, '_' or any character above 127 first, then also digits ({@code $1} is a
     * parameter).
     */
    private static boolean isTagPart(char c, boolean first) {
        if (c > 127 || c == '_' || Character.isLetter(c)) {
            return true;
        }
        return !first && Character.isDigit(c);
    }
}
