package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.stratacache.core.config.ConfigKey;
import org.stratacache.core.config.ConfigKeys;

/**
 * The configuration table in {@code docs/configuration.md} is generated from {@link ConfigKeys}: one row per
 * key, in declaration order, between the {@code config-table} markers. This test fails when the page differs
 * from what the keys say; run it with {@code -Dstrata.docs.regenerate=true} to write the table anew.
 */
class ConfigKeysDocumentedTest {
    private static final String START = "<!-- config-table:start -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void configurationPage_tableIsGeneratedFromTheKeys() throws Exception {
        Path page = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(page);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("config-table markers in " + page).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String generated = table();
        if (Boolean.getBoolean("strata.docs.regenerate")) {
            Files.writeString(page, text.substring(0, start + START.length()) + generated + text.substring(end));
            text = Files.readString(page);
        }
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(text).as("docs/configuration.md row for " + key.name()).contains(row(key));
        }
        assertThat(text.substring(start + START.length(), end))
                .as("the table in docs/configuration.md (regenerate with -Dstrata.docs.regenerate=true)")
                .isEqualTo(generated);
    }

    private static String table() {
        StringBuilder sb = new StringBuilder("| key | default | form | what it does |\n|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            sb.append(row(key)).append('\n');
        }
        return sb.toString();
    }

    private static String row(ConfigKey<?> key) {
        return "| `" + key.name() + "` | `" + text(key.defaultValue()) + "` | " + escape(key.expectedForm()) + " | "
                + escape(key.description()) + " |";
    }

    private static String text(Object value) {
        if (value instanceof Duration d) {
            return duration(d);
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        String s = String.valueOf(value);
        return s.isEmpty() ? "(empty)" : s;
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
