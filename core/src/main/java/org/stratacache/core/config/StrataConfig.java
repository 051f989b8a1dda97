package org.stratacache.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import org.stratacache.core.RegionSettings;
import org.stratacache.core.StrataConfigException;


/**
 * The validated {@code strata.*} settings of one region store.
 *
 * <p>Sources, later wins: {@code strata.properties} on the class path, then system properties, then what
 * the caller passes (JDBC connection properties, Hibernate settings, builder calls). Only keys starting
 * with {@code strata.} are read; every such key must be declared in {@link ConfigKeys} (or be a
 * per-region key), and every value must parse. A problem fails at start with a
 * {@link StrataConfigException} naming the key and the expected form.
 *
 * <p>Two configs are equal when their effective settings are equal; the JDBC module uses that to let
 * connections with the same configuration share one store.
 */
public final class StrataConfig {
    /** Name of the optional class-path resource read first. */
    public static final String RESOURCE = "strata.properties";

    private final Map<String, String> raw;

    private StrataConfig(Map<String, String> raw) {
        this.raw = Collections.unmodifiableMap(new TreeMap<>(raw));
        raw.forEach(StrataConfig::validate);
    }

    /** Only the caller's settings: no class-path resource, no system properties. */
    public static StrataConfig of(Map<?, ?> settings) {
        Map<String, String> merged = new LinkedHashMap<>();
        copyStrataKeys(settings, merged);
        return new StrataConfig(merged);
    }

    /** {@code strata.properties} from the class path, then system properties, then {@code overrides}. */
    public static StrataConfig load(Map<?, ?> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        copyStrataKeys(classpathResource(), merged);
        copyStrataKeys(System.getProperties(), merged);
        copyStrataKeys(overrides == null ? Map.of() : overrides, merged);
        return new StrataConfig(merged);
    }

    /** The value of {@code key}, or its default when it is not set. */
    public <T> T get(ConfigKey<T> key) {
        String value = raw.get(key.name());
        return value == null ? key.defaultValue() : key.parse(value);
    }

    /** True when {@code key} was set by some source. */
    public boolean isSet(ConfigKey<?> key) {
        return raw.containsKey(key.name());
    }

    /** The settings of {@code regionName}: its own {@code strata.region.<name>.*} keys over the defaults. */
    public RegionSettings regionSettings(String regionName) {
        RegionSettings.Builder b = RegionSettings.builder()
                .ttl(get(ConfigKeys.DEFAULT_TTL))
                .maxEntries(get(ConfigKeys.DEFAULT_MAX_ENTRIES))
                .storeByValue(get(ConfigKeys.DEFAULT_STORE_BY_VALUE))
                .refreshAhead(get(ConfigKeys.DEFAULT_REFRESH_AHEAD));
        String prefix = ConfigKeys.REGION_PREFIX + regionName + ".";
        for (Map.Entry<String, ConfigKey<?>> setting : ConfigKeys.REGION_SETTINGS.entrySet()) {
            String value = raw.get(prefix + setting.getKey());
            if (value == null) {
                continue;
            }
            Object parsed = regionKey(prefix + setting.getKey(), setting.getValue()).parse(value);
            switch (setting.getKey()) {
                case "ttl" -> b.ttl((java.time.Duration) parsed);
                case "max-entries" -> b.maxEntries((Long) parsed);
                case "store-by-value" -> b.storeByValue((Boolean) parsed);
                case "refresh-ahead" -> b.refreshAhead((Double) parsed);
                default -> throw new IllegalStateException(setting.getKey());
            }
        }
        return b.build();
    }

    /** True when the region has at least one setting of its own. */
    public boolean hasRegionSettings(String regionName) {
        String prefix = ConfigKeys.REGION_PREFIX + regionName + ".";
        return raw.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** The raw {@code strata.*} settings, sorted by key. */
    public Map<String, String> asMap() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrataConfig other && raw.equals(other.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "StrataConfig" + raw;
    }

    private static void validate(String name, String value) {
        ConfigKey<?> key = ConfigKeys.byName(name);
        if (key != null) {
            key.parse(value);
            return;
        }
        if (name.startsWith(ConfigKeys.REGION_PREFIX)) {
            String rest = name.substring(ConfigKeys.REGION_PREFIX.length());
            for (Map.Entry<String, ConfigKey<?>> setting : ConfigKeys.REGION_SETTINGS.entrySet()) {
                String suffix = "." + setting.getKey();
                if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                    regionKey(name, setting.getValue()).parse(value);
                    return;
                }
            }
            throw new StrataConfigException("unknown per-region setting " + name + ": expected "
                    + ConfigKeys.REGION_PREFIX + "<region-name>.<" + String.join("|",
                    new TreeMap<>(ConfigKeys.REGION_SETTINGS).keySet()) + ">");
        }
        throw new StrataConfigException("unknown configuration key " + name + suggestion(name));
    }

    private static ConfigKey<?> regionKey(String name, ConfigKey<?> template) {
        return template.renamed(name);
    }

    private static String suggestion(String name) {
        return ConfigKeys.all().stream()
                .min(Comparator.comparingInt(k -> distance(k.name(), name)))
                .filter(k -> distance(k.name(), name) <= 4)
                .map(k -> " (did you mean " + k.name() + "?)")
                .orElse(" (see the configuration table in docs/configuration.md)");
    }

    /** Levenshtein distance, for "did you mean" hints. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void copyStrataKeys(Map<?, ?> source, Map<String, String> target) {
        for (Map.Entry<?, ?> e : source.entrySet()) {
            if (e.getKey() instanceof String name && name.startsWith(ConfigKeys.PREFIX) && e.getValue() != null) {
                target.put(name, String.valueOf(e.getValue()));
            }
        }
    }

    private static Properties classpathResource() {
        Properties p = new Properties();
        ClassLoader cl = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                StrataConfig.class.getClassLoader());
        try (InputStream in = cl.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the class path", e);
        }
        return p;
    }
}
