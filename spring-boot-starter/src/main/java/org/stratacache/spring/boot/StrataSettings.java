package org.stratacache.spring.boot;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.stratacache.core.config.ConfigKeys;

/**
 * Every {@code strata.*} entry of the Spring environment (application.properties/YAML, profiles, environment
 * variables, system properties), as the flat {@code strata.x.y=value} map Strata's own parser takes. Strata
 * validates them when the store is built: an unknown key or a malformed value fails the start naming the key.
 */
final class StrataSettings {
    private StrataSettings() {
    }

    static Map<String, String> from(Environment environment) {
        Map<String, String> bound = Binder.get(environment)
                .bind(ConfigKeys.PREFIX.substring(0, ConfigKeys.PREFIX.length() - 1),
                        Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, String> settings = new TreeMap<>();
        bound.forEach((key, value) -> settings.put(ConfigKeys.PREFIX + key, value));
        return settings;
    }
}
