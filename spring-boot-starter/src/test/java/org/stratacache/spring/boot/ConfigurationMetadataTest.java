package org.stratacache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.stratacache.core.config.ConfigKey;
import org.stratacache.core.config.ConfigKeys;

/**
 * {@code META-INF/spring-configuration-metadata.json} (IDE completion for {@code strata.*} in
 * application.properties/YAML) is generated from {@link ConfigKeys}: one property per key, with its description,
 * default and a hint of its form. The file is written by hand-run generation, not by Boot's annotation processor,
 * because the keys are declared in core, not as fields here. This test fails when the file differs from what the
 * keys say; run it with {@code -Dstrata.docs.regenerate=true} to write it anew.
 */
class ConfigurationMetadataTest {
    private static final Path FILE = Path.of("src", "main", "resources", "META-INF",
            "spring-configuration-metadata.json");

    @Test
    void metadata_isGeneratedFromTheKeys() throws Exception {
        String generated = json();
        if (Boolean.getBoolean("strata.docs.regenerate")) {
            Files.writeString(FILE, generated);
        }
        assertThat(Files.readString(FILE))
                .as(FILE + " (regenerate with -Dstrata.docs.regenerate=true)").isEqualTo(generated);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key == ConfigKeys.HIBERNATE_REGION_STORE) {
                continue;
            }
            assertThat(generated).contains("\"name\": \"" + key.name() + "\"");
        }
    }

    static String json() {
        StringBuilder sb = new StringBuilder("{\n  \"groups\": [\n    {\n      \"name\": \"strata\",\n"
                + "      \"type\": \"" + StrataProperties.class.getName() + "\",\n"
                + "      \"sourceType\": \"" + StrataProperties.class.getName() + "\"\n    }\n  ],\n"
                + "  \"properties\": [\n");
        var keys = ConfigKeys.all();
        for (int i = 0; i < keys.size(); i++) {
            ConfigKey<?> key = keys.get(i);
            if (key == ConfigKeys.HIBERNATE_REGION_STORE) {
                continue; // an object in Hibernate's settings map, never a property value
            }
            sb.append("    {\n")
                    .append("      \"name\": \"").append(key.name()).append("\",\n")
                    .append("      \"type\": \"").append(type(key)).append("\",\n")
                    .append("      \"description\": \"").append(escape(key.description() + " Form: "
                            + key.expectedForm() + ".")).append("\",\n")
                    .append("      \"sourceType\": \"").append(ConfigKeys.class.getName()).append("\",\n")
                    .append("      \"defaultValue\": ").append(defaultValue(key)).append("\n")
                    .append("    }").append(i == keys.size() - 1 ? "" : ",").append('\n');
        }
        return sb.append("  ]\n}\n").toString();
    }

    /** Boolean and plain whole-number keys are typed; every other form (durations, sizes, lists) is Strata's text. */
    private static String type(ConfigKey<?> key) {
        Object value = key.defaultValue();
        if (value instanceof Boolean) {
            return "java.lang.Boolean";
        }
        if (value instanceof Long && key.expectedForm().startsWith("whole number")) {
            return "java.lang.Long";
        }
        return "java.lang.String";
    }

    private static String defaultValue(ConfigKey<?> key) {
        Object value = key.defaultValue();
        if (value instanceof Boolean || (value instanceof Long && type(key).equals("java.lang.Long"))) {
            return String.valueOf(value);
        }
        if (value instanceof Duration d) {
            return "\"" + duration(d) + "\"";
        }
        if (value instanceof Collection<?> c) {
            return "\"" + escape(String.join(",", c.stream().map(String::valueOf).toList())) + "\"";
        }
        return "\"" + escape(String.valueOf(value)) + "\"";
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
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
