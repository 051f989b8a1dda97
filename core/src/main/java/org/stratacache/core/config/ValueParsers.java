package org.stratacache.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parsers for the value forms used by configuration keys: durations, sizes, booleans, fractions, lists. */
public final class ValueParsers {
    private ValueParsers() {
    }

    /**
     * A duration written as a number and a unit: {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h},
     * {@code 1d}; {@code 0} alone means zero.
     */
    public static Duration duration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)))) {
            split++;
        }
        if (split == 0 || split == s.length()) {
            throw new IllegalArgumentException("a duration needs a whole number and a unit");
        }
        long amount = Long.parseLong(s.substring(0, split));
        String unit = s.substring(split).trim();
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
        };
    }

    /** A whole number of at least {@code min}. */
    public static long atLeast(String raw, long min) {
        long value = Long.parseLong(raw.trim().replace("_", ""));
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        return value;
    }

    /** A byte size: a whole number, optionally followed by {@code k}, {@code m} or {@code g} (powers of 1024). */
    public static long bytes(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (s.endsWith("kb") || s.endsWith("k")) {
            factor = 1024;
        } else if (s.endsWith("mb") || s.endsWith("m")) {
            factor = 1024 * 1024;
        } else if (s.endsWith("gb") || s.endsWith("g")) {
            factor = 1024L * 1024 * 1024;
        }
        String digits = s.replaceAll("[kmgb]+$", "");
        long value = Long.parseLong(digits);
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return Math.multiplyExact(value, factor);
    }

    /** {@code true} or {@code false}, nothing else. */
    public static boolean bool(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    /** A decimal number in [0, 1). */
    public static double fraction(String raw) {
        double value = Double.parseDouble(raw.trim());
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException("must be at least 0 and below 1");
        }
        return value;
    }

    /** A comma-separated list; blanks are dropped. */
    public static List<String> list(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One of the given words, case-insensitive; returned in lower case. */
    public static String oneOf(String raw, String... allowed) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }
}
