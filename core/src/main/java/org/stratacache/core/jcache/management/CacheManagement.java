package org.stratacache.core.jcache.management;

import java.util.function.Supplier;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;
import javax.management.ObjectName;

import org.stratacache.core.internal.stats.JmxRegistration;

/**
 * The two JSR-107 MXBeans of one cache on the platform MBean server:
 * {@code javax.cache:type=CacheStatistics,CacheManager=<uri>,Cache=<name>} while statistics are enabled, and
 * {@code javax.cache:type=CacheConfiguration,…} while management is enabled.
 */
public final class CacheManagement {
    private final CacheStatistics statistics;
    private final CacheMXBean configurationBean;
    private final ObjectName statisticsName;
    private final ObjectName configurationName;

    /** {@code configuration}: the cache's live configuration, read on every MXBean call. */
    public CacheManagement(String managerUri, String cacheName, CacheStatistics statistics,
                           Supplier<CompleteConfiguration<?, ?>> configuration) {
        this.statistics = statistics;
        this.configurationBean = new CacheConfigurationBean(configuration);
        this.statisticsName = JmxRegistration.objectName("CacheStatistics", managerUri, cacheName);
        this.configurationName = JmxRegistration.objectName("CacheConfiguration", managerUri, cacheName);
    }

    /** Starts or stops counting, and registers or unregisters the statistics MXBean. */
    public void statistics(boolean enabled) {
        statistics.setEnabled(enabled);
        if (enabled) {
            JmxRegistration.register(statistics.bean(), statisticsName);
        } else {
            JmxRegistration.unregister(statisticsName);
        }
    }

    /** Registers or unregisters the configuration MXBean. */
    public void management(boolean enabled) {
        if (enabled) {
            JmxRegistration.register(configurationBean, configurationName);
        } else {
            JmxRegistration.unregister(configurationName);
        }
    }

    /** Unregisters both MXBeans. */
    public void close() {
        JmxRegistration.unregister(statisticsName);
        JmxRegistration.unregister(configurationName);
    }
}
