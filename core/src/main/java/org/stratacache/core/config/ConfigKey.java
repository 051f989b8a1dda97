package org.stratacache.core.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code strata.*} configuration key: its name, its default, the form its value takes and how to
 * parse it. Keys are declared once, in {@link org.stratacache.core.config.ConfigKeys}.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {
    private final String name;
    private final T defaultValue;
    private final String expectedForm;
    private final String description;
    private final Function<String, T> parser;

    public ConfigKey(String name, T defaultValue, String expectedForm, String description, Function<String, T> parser) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.expectedForm = Objects.requireNonNull(expectedForm, "expectedForm");
        this.description = Objects.requireNonNull(description, "description");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** How a valid value looks, for error messages and the table in {@code docs/configuration.md}. */
    public String expectedForm() {
        return expectedForm;
    }

    public String description() {
        return description;
    }

    /**
     * Parses a raw value.
     *
     * @throws org.stratacache.core.StrataConfigException naming this key and the expected form
     */
    public T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new org.stratacache.core.StrataConfigException(
                    "invalid value '" + raw + "' for " + name + ": expected " + expectedForm
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }

    /** The same key under another name (per-region keys reuse the parser of their default key). */
    public ConfigKey<T> renamed(String newName) {
        return new ConfigKey<>(newName, defaultValue, expectedForm, description, parser);
    }

    @Override
    public String toString() {
        return name;
    }
}
