package org.stratacache.spring.boot;

import java.util.Properties;

import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.core.env.Environment;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.jcache.StrataCachingProvider;

/**
 * Puts Boot's JCache caches ({@code @Cacheable}) into the application's store: when Boot's JCache support uses
 * Strata's provider ({@code spring.cache.jcache.provider}, which the starter defaults), the properties it creates
 * the {@code javax.cache.CacheManager} with get the store under {@code strata.jcache.region-store}. Why: one
 * store for JDBC, Hibernate and {@code @Cacheable} means one configuration, one set of meters and one health;
 * without it the manager would build a second store of its own, configured from nothing. The manager leaves the
 * store open when it closes; it is closed before the store ({@link DependsOnStore}).
 */
final class JCacheSupport implements JCachePropertiesCustomizer {
    private final RegionStore store;
    private final Environment environment;

    JCacheSupport(RegionStore store, Environment environment) {
        this.store = store;
        this.environment = environment;
    }

    @Override
    public void customize(Properties properties) {
        if (StrataCachingProvider.class.getName().equals(environment.getProperty(StrataEnvironmentPostProcessor.JCACHE_PROVIDER))
                && !properties.containsKey(ConfigKeys.JCACHE_REGION_STORE.name())) {
            properties.put(ConfigKeys.JCACHE_REGION_STORE.name(), store);
        }
    }

    /** The JCache manager is created after the store and closed before it (its caches live there). */
    static final class DependsOnStore extends AbstractDependsOnBeanFactoryPostProcessor {
        DependsOnStore() {
            super(javax.cache.CacheManager.class, RegionStore.class);
        }
    }
}
