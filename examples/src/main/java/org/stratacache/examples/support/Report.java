package org.stratacache.examples.support;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The short table every example ends with: one row per metric, a column for the run without cache and
 * one for the run with Strata, then a correctness line.
 */
public final class Report {
    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean correct = true;

    public Report(String title) {
        this.title = title;
    }

    public Report row(String metric, Object withoutCache, Object withCache) {
        rows.add(new String[] {metric, format(withoutCache), format(withCache)});
        return this;
    }

    public Report note(String note) {
        notes.add(note);
        return this;
    }

    /** Records whether results with cache equal results without; the report's last line says which. */
    public Report correctness(boolean equal, String detail) {
        correct = correct && equal;
        notes.add((equal ? "correctness: OK, " : "correctness: MISMATCH, ") + detail);
        return this;
    }

    /** The with-Strata column of a metric as printed, or null when there is no such row. */
    public String withStrata(String metric) {
        return rows.stream().filter(r -> r[0].equals(metric)).map(r -> r[2]).findFirst().orElse(null);
    }

    /** The without-cache column of a metric as printed, or null when there is no such row. */
    public String withoutCache(String metric) {
        return rows.stream().filter(r -> r[0].equals(metric)).map(r -> r[1]).findFirst().orElse(null);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public boolean isCorrect() {
        return correct;
    }

    public void print(PrintStream out) {
        int w0 = "metric".length();
        int w1 = "without cache".length();
        int w2 = "with Strata".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String format = "| %-" + w0 + "s | %" + w1 + "s | %" + w2 + "s |%n";
        out.println();
        out.println("## " + title);
        out.println();
        out.printf(format, "metric", "without cache", "with Strata");
        out.println("|" + "-".repeat(w0 + 2) + "|" + "-".repeat(w1 + 1) + ":|" + "-".repeat(w2 + 1) + ":|");
        for (String[] r : rows) {
            out.printf(format, r[0], r[1], r[2]);
        }
        out.println();
        notes.forEach(n -> out.println(n));
    }

    private static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return d >= 100 ? String.format("%,.0f", d) : String.format("%.2f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format("%,d", ((Number) value).longValue());
        }
        return value.toString();
    }
}
