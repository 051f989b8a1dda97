package org.stratacache.hibernate;

import java.util.List;

import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link StrataRegionFactory} with Hibernate's strategy selector under the short name
 * {@code strata} (and its class names), found through {@code META-INF/services}.
 */
public final class StrataStrategyRegistrationProvider implements StrategyRegistrationProvider {
    /** The short name: {@code hibernate.cache.region.factory_class=strata}. */
    static final String SHORT_NAME = "strata";

    @Override
    public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
        return List.of(new SimpleStrategyRegistrationImpl<>(RegionFactory.class, StrataRegionFactory.class,
                SHORT_NAME, StrataRegionFactory.class.getName(), StrataRegionFactory.class.getSimpleName()));
    }
}
