package org.stratacache.core.jcache.management;

import java.util.function.Supplier;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * The JSR-107 configuration MXBean of one cache, registered as
 * {@code javax.cache:type=CacheConfiguration,CacheManager=<uri>,Cache=<name>} while management is enabled.
 * Reads the cache's live configuration, so enabling statistics later shows at once.
 */
final class CacheConfigurationBean implements CacheMXBean {
    private final Supplier<CompleteConfiguration<?, ?>> configuration;

    CacheConfigurationBean(Supplier<CompleteConfiguration<?, ?>> configuration) {
        this.configuration = configuration;
    }

    private CompleteConfiguration<?, ?> config() {
        return configuration.get();
    }

    @Override
    public String getKeyType() {
        return config().getKeyType().getName();
    }

    @Override
    public String getValueType() {
        return config().getValueType().getName();
    }

    @Override
    public boolean isReadThrough() {
        return config().isReadThrough();
    }

    @Override
    public boolean isWriteThrough() {
        return config().isWriteThrough();
    }

    @Override
    public boolean isStoreByValue() {
        return config().isStoreByValue();
    }

    @Override
    public boolean isStatisticsEnabled() {
        return config().isStatisticsEnabled();
    }

    @Override
    public boolean isManagementEnabled() {
        return config().isManagementEnabled();
    }
}
