package org.stratacache.spring.boot;

import java.util.Map;

import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.hibernate.StrataRegionFactory;

/**
 * Turns on Hibernate's second-level cache on the application's store: the region factory {@code strata} given
 * the store itself ({@code strata.hibernate.region-store}), so Hibernate's regions and the JDBC query results
 * live in one store. A region factory the application chose itself ({@code spring.jpa.properties}) is kept, with
 * a warning: two second-level caches cannot both run.
 */
final class HibernateSupport implements HibernatePropertiesCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(HibernateSupport.class);
    static final String SHORT_NAME = "strata";

    private final RegionStore store;

    HibernateSupport(RegionStore store) {
        this.store = store;
    }

    @Override
    public void customize(Map<String, Object> settings) {
        Object factory = settings.get(AvailableSettings.CACHE_REGION_FACTORY);
        if (factory != null && !isStrata(factory)) {
            LOG.warn("Strata: strata.hibernate.enabled=true, but the application set {}={}; keeping it, Hibernate's "
                    + "second-level cache does not run on Strata", AvailableSettings.CACHE_REGION_FACTORY, factory);
            return;
        }
        settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "true");
        settings.put(AvailableSettings.CACHE_REGION_FACTORY, SHORT_NAME);
        settings.put(ConfigKeys.HIBERNATE_REGION_STORE.name(), store);
    }

    private static boolean isStrata(Object factory) {
        return SHORT_NAME.equals(factory) || StrataRegionFactory.class.getName().equals(factory)
                || factory == StrataRegionFactory.class || factory instanceof StrataRegionFactory;
    }
}
