package org.stratacache.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.stratacache.core.jcache.StrataCachingProvider;

/**
 * Defaults the starter gives the application, each only where the application set nothing, in a property source
 * of lowest precedence ({@value #SOURCE}):
 * <ul>
 *   <li>{@code spring.cache.jcache.provider} = Strata's {@link StrataCachingProvider}. Why: with Strata's and
 *       another JSR-107 provider (Ehcache's, Hazelcast's) on the class path Boot's JCache support cannot choose
 *       and backs off ("multiple JSR-107 providers"), so {@code @Cacheable} would silently use no cache.</li>
 *   <li>{@code management.endpoint.health.status.order} = Boot's order with {@code DEGRADED} between
 *       {@code OUT_OF_SERVICE} and {@code UP} (a status missing from the order would outrank {@code DOWN}).</li>
 * </ul>
 */
public final class StrataEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
    static final String SOURCE = "strataDefaults";
    static final String JCACHE_PROVIDER = "spring.cache.jcache.provider";
    static final String STATUS_ORDER = "management.endpoint.health.status.order";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (!environment.containsProperty(JCACHE_PROVIDER)) {
            defaults.put(JCACHE_PROVIDER, StrataCachingProvider.class.getName());
        }
        if (!environment.containsProperty(STATUS_ORDER)) {
            defaults.put(STATUS_ORDER, "down,out-of-service,degraded,up,unknown");
        }
        if (!defaults.isEmpty() && !environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        }
    }

    /** After the application's configuration files are read, so that what they set is seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
