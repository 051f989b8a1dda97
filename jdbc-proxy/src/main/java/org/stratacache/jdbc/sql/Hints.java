package org.stratacache.jdbc.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.stratacache.core.config.ValueParsers;

/**
 * Reads {@code /* strata:nocache *}{@code /} and {@code /* strata:cache ttl=30s *}{@code /} hints from an SQL
 * text. A malformed hint is an application error and fails loudly.
 */
final class Hints {
    private static final Pattern HINT = Pattern.compile("/\\*\\s*strata:(\\w+)([^*]*)\\*/", Pattern.CASE_INSENSITIVE);
    private static final Pattern TTL = Pattern.compile("\\bttl\\s*=\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    private Hints() {
    }

    static SqlAnalysis.Hint parse(String sql) {
        if (sql.indexOf("strata:") < 0 && sql.toLowerCase(Locale.ROOT).indexOf("strata:") < 0) {
            return SqlAnalysis.Hint.NONE;
        }
        Matcher m = HINT.matcher(sql);
        if (!m.find()) {
            return SqlAnalysis.Hint.NONE;
        }
        String verb = m.group(1).toLowerCase(Locale.ROOT);
        String args = m.group(2).trim();
        switch (verb) {
            case "nocache":
                return new SqlAnalysis.Hint(true, false, null);
            case "cache":
                Duration ttl = null;
                if (!args.isEmpty()) {
                    Matcher t = TTL.matcher(args);
                    if (!t.find()) {
                        throw new IllegalArgumentException("malformed hint /* strata:cache " + args
                                + " */: expected /* strata:cache */ or /* strata:cache ttl=30s */");
                    }
                    try {
                        ttl = ValueParsers.duration(t.group(1));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("malformed hint ttl=" + t.group(1)
                                + ": expected a duration such as 250ms, 30s, 10m, 2h", e);
                    }
                }
                return new SqlAnalysis.Hint(false, true, ttl);
            default:
                throw new IllegalArgumentException("unknown hint /* strata:" + verb
                        + " */: expected strata:nocache or strata:cache [ttl=<duration>]");
        }
    }
}
