package org.stratacache.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.stratacache.core.config.ConfigKeys;

/**
 * Every {@code strata.*} entry of the Spring environment (application.properties/YAML, profiles, system
 * properties, command line, environment variables), as the flat {@code strata.x.y=value} map Strata's own parser
 * takes. Strata validates them when the store is built: an unknown key or a malformed value fails the start
 * naming the key.
 *
 * <p>Except environment variables: any {@code STRATA_…} variable maps to a {@code strata.…} name under Boot's
 * relaxed binding, and a variable the application never meant for Strata (a CI's {@code STRATA_PG_URL}) must not
 * fail its start. So a variable is taken only when it names a declared key ({@code STRATA_DEFAULTS_TTL}); the
 * others are ignored and listed once in the log.
 */
final class StrataSettings {
    private static final Logger LOG = LoggerFactory.getLogger(StrataSettings.class);
    private static final String PREFIX = ConfigKeys.PREFIX.substring(0, ConfigKeys.PREFIX.length() - 1);
    private static final String DATASOURCE_URL = "spring.datasource.url";
    private static final String DATASOURCE_USER = "spring.datasource.username";
    private static final String DATASOURCE_PASSWORD = "spring.datasource.password";
    private static final String STRATA_URL_PREFIX = "jdbc:strata:";

    private StrataSettings() {
    }

    /**
     * The store's settings: {@link #from} plus, with {@code strata.hibernate.enabled=true}, the database of
     * {@code spring.datasource.url} (and its user and password) as {@code strata.invalidation.jdbc-url} unless
     * that is set. Why: Hibernate's provider opens its invalidation bus's connections beside the pool, never from
     * it, and in a Boot application it is handed the wrapped DataSource, which exposes no URL; without this its
     * bus could not connect on PostgreSQL, its cache would serve nothing, and the JDBC and Hibernate writes of
     * two instances would not reach each other.
     */
    static Map<String, String> forStore(Environment environment) {
        Map<String, String> settings = from(environment);
        boolean hibernate = environment.getProperty(ConfigKeys.HIBERNATE_ENABLED.name(), Boolean.class,
                ConfigKeys.HIBERNATE_ENABLED.defaultValue());
        String url = environment.getProperty(DATASOURCE_URL);
        if (!hibernate || url == null || url.isBlank() || settings.containsKey(ConfigKeys.INVALIDATION_JDBC_URL.name())) {
            return settings;
        }
        settings.put(ConfigKeys.INVALIDATION_JDBC_URL.name(), realUrl(url.trim()));
        if (!settings.containsKey(ConfigKeys.INVALIDATION_USER.name())) {
            putIfSet(settings, ConfigKeys.INVALIDATION_USER.name(), environment.getProperty(DATASOURCE_USER));
            putIfSet(settings, ConfigKeys.INVALIDATION_PASSWORD.name(), environment.getProperty(DATASOURCE_PASSWORD));
        }
        return settings;
    }

    private static void putIfSet(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isEmpty()) {
            settings.put(key, value);
        }
    }

    /** A pool over Strata's own driver ({@code jdbc:strata:…}): the bus talks to the database behind it. */
    private static String realUrl(String url) {
        return url.startsWith(STRATA_URL_PREFIX) ? "jdbc:" + url.substring(STRATA_URL_PREFIX.length()) : url;
    }

    static Map<String, String> from(Environment environment) {
        Set<String> ignored = new TreeSet<>();
        Iterable<ConfigurationPropertySource> sources = environment instanceof ConfigurableEnvironment configurable
                ? filtered(ConfigurationPropertySources.from(configurable.getPropertySources()), ignored)
                : ConfigurationPropertySources.get(environment);
        Map<String, String> bound = new Binder(sources).bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        if (!ignored.isEmpty()) {
            LOG.info("Strata: environment variables that name no strata.* key were ignored: {}", ignored);
        }
        Map<String, String> settings = new TreeMap<>();
        bound.forEach((key, value) -> settings.put(ConfigKeys.PREFIX + key, value));
        return settings;
    }

    private static Iterable<ConfigurationPropertySource> filtered(Iterable<ConfigurationPropertySource> all,
                                                                 Set<String> ignored) {
        List<ConfigurationPropertySource> kept = new ArrayList<>();
        for (ConfigurationPropertySource source : all) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                kept.add(source.filter(name -> declared(name, ignored)));
            } else {
                kept.add(source);
            }
        }
        return kept;
    }

    private static boolean declared(ConfigurationPropertyName name, Set<String> ignored) {
        String text = name.toString();
        if (!text.startsWith(ConfigKeys.PREFIX)) {
            return true;
        }
        if (ConfigKeys.byName(text) != null || text.startsWith(ConfigKeys.REGION_PREFIX)) {
            return true;
        }
        ignored.add(text);
        return false;
    }
}
