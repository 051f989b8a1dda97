package org.stratacache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stratacache.core.config.ConfigKey;
import org.stratacache.core.config.ValueParsers;

/**
 * Every {@code strata.*} configuration key, its default and its form: the single source for the parser
 * and for the README's configuration table. Keys of every module live here so that a misspelt key is
 * recognised as such wherever it is given.
 *
 * <p>Per-region settings are written {@code strata.region.<region-name>.<setting>} with a setting from
 * {@link #REGION_SETTINGS}; a region without its own settings takes the {@code strata.defaults.*} values.
 */
public final class ConfigKeys {
    private static final Map<String, ConfigKey<?>> ALL = new LinkedHashMap<>();

    /** Prefix of every key Strata reads. */
    public static final String PREFIX = "strata.";
    /** Prefix of per-region keys: {@code strata.region.<name>.<setting>}. */
    public static final String REGION_PREFIX = "strata.region.";

    // ---- store ------------------------------------------------------------------------------------

    public static final ConfigKey<String> STORE_NAME = key("strata.store.name", "strata",
            "a name", "Name of the region store; part of JMX object names and log lines.", s -> requireText(s));

    public static final ConfigKey<String> TIER = key("strata.tier", "local", "local | distributed",
            "Where regions keep their entries: in-process (Ehcache 3 on-heap) or in Hazelcast with a near cache.",
            s -> ValueParsers.oneOf(s, "local", "distributed"));

    public static final ConfigKey<Boolean> STATISTICS_JMX = key("strata.statistics.jmx", false, "true | false",
            "Register JCache statistics and configuration MXBeans for each region on the platform MBean server.",
            ValueParsers::bool);

    public static final ConfigKey<Long> LOADER_THREADS = key("strata.loader.threads", 2L, "whole number >= 1",
            "Threads for background refresh-ahead reloads (shared by all regions of a store).",
            s -> ValueParsers.atLeast(s, 1));

    // ---- region defaults --------------------------------------------------------------------------

    public static final ConfigKey<Duration> DEFAULT_TTL = key("strata.defaults.ttl", Duration.ofMinutes(10),
            "duration (250ms, 30s, 10m, 2h, 1d); 0 = never expires",
            "Time to live of an entry from when it was stored.", ValueParsers::duration);

    public static final ConfigKey<Long> DEFAULT_MAX_ENTRIES = key("strata.defaults.max-entries", 10_000L,
            "whole number >= 1", "Maximum entries a region holds in the local tier; least recently used go first.",
            s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Boolean> DEFAULT_STORE_BY_VALUE = key("strata.defaults.store-by-value", false,
            "true | false", "Copy values (by serialization) on put and get instead of storing the reference. "
                    + "Only needed for mutable values.", ValueParsers::bool);

    public static final ConfigKey<Double> DEFAULT_REFRESH_AHEAD = key("strata.defaults.refresh-ahead", 0.0,
            "fraction in [0, 1); 0 = off", "Once an entry is older than this fraction of its TTL, a read-through "
                    + "hit serves it and reloads it once in the background.", ValueParsers::fraction);

    // ---- jdbc ---------------------------------------------------------------------------------------

    public static final ConfigKey<Boolean> JDBC_ENABLED = key("strata.jdbc.enabled", true, "true | false",
            "Cache query results in the JDBC driver / DataSource wrapper; false passes every call straight through.",
            ValueParsers::bool);

    public static final ConfigKey<Boolean> JDBC_CACHE_BY_DEFAULT = key("strata.jdbc.cache-by-default", true,
            "true | false", "Cache every safe SELECT; false caches only statements carrying a "
                    + "/* strata:cache */ hint.", ValueParsers::bool);

    public static final ConfigKey<String> JDBC_REGION = key("strata.jdbc.region", "jdbc-query-results", "a region name",
            "Region holding cached query results; its TTL (strata.region.<name>.ttl, else strata.defaults.ttl) is "
                    + "the default query TTL and its max-entries bounds the number of cached results.",
            s -> requireText(s));

    public static final ConfigKey<Long> JDBC_MAX_CACHED_ROWS = key("strata.jdbc.max-cached-rows", 1_000L,
            "whole number >= 1", "Largest result (in rows) that is cached; a bigger result streams from the database "
                    + "uncached.", s -> ValueParsers.atLeast(s, 1));

    public static final ConfigKey<Long> JDBC_MAX_CACHED_BYTES = key("strata.jdbc.max-cached-bytes", 1L << 20,
            "size (512k, 1m, 2g) or bytes", "Largest result (estimated heap bytes) that is cached; a bigger result "
                    + "streams from the database uncached.", ValueParsers::bytes);

    public static final ConfigKey<Long> JDBC_ANALYSIS_CACHE_SIZE = key("strata.jdbc.analysis-cache-size", 5_000L,
            "whole number >= 1", "Distinct SQL texts whose analysis (tables, cacheability) is kept; the SQL parser "
                    + "runs once per text while it stays in this cache.", s -> ValueParsers.atLeast(s, 1));

    /** The settings a region may override as {@code strata.region.<name>.<setting>}, keyed by setting. */
    public static final Map<String, ConfigKey<?>> REGION_SETTINGS = Map.of(
            "ttl", DEFAULT_TTL,
            "max-entries", DEFAULT_MAX_ENTRIES,
            "store-by-value", DEFAULT_STORE_BY_VALUE,
            "refresh-ahead", DEFAULT_REFRESH_AHEAD);

    private ConfigKeys() {
    }

    /** All declared keys, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** The declared key of that exact name, or {@code null}. */
    public static ConfigKey<?> byName(String name) {
        return ALL.get(name);
    }

    private static <T> ConfigKey<T> key(String name, T defaultValue, String form, String description,
                                        java.util.function.Function<String, T> parser) {
        ConfigKey<T> key = new ConfigKey<>(name, defaultValue, form, description, parser);
        if (ALL.put(name, key) != null) {
            throw new IllegalStateException("configuration key declared twice: " + name);
        }
        return key;
    }

    private static String requireText(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return s;
    }
}
