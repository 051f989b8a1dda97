package org.stratacache.spring.boot;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.hibernate.StrataRegionFactory;
import org.stratacache.jdbc.StrataDataSource;
import org.stratacache.micrometer.StrataMetrics;

/**
 * Strata for a Spring Boot application. Each bean backs off when the application defines its own:
 * <ul>
 *   <li>{@code strataRegionStore}: a {@link RegionStore} built from every {@code strata.*} entry of the
 *       environment, closed with the context (unless the application defines a {@link RegionStore} bean); with
 *       {@code strata.hibernate.enabled=true} its invalidation bus connects to {@code spring.datasource.url} unless
 *       {@code strata.invalidation.jdbc-url} is set ({@link StrataSettings#forStore});</li>
 *   <li>{@code strataDataSourceWrapper} (unless {@code strata.jdbc.enabled=false}): every {@link DataSource} bean
 *       becomes a {@link StrataDataSource} over that store, the pool underneath; one that already is a
 *       {@link StrataDataSource} is left as it is;</li>
 *   <li>with {@code strata.hibernate.enabled=true} and {@code strata-hibernate} on the class path: Hibernate's
 *       second-level cache on the same store ({@link HibernateSupport}, a {@link HibernatePropertiesCustomizer});</li>
 *   <li>with Micrometer: {@link StrataMetrics} (a {@link MeterBinder} Boot binds to its registries), with the JDBC
 *       and invalidation meters of the wrapped data sources;</li>
 *   <li>with Actuator's health: {@link StrataHealthIndicator} ({@code management.health.strata.enabled});</li>
 *   <li>with Boot's cache support: Boot's JCache {@code CacheManager}, when it is Strata's provider's, keeps its
 *       caches in the same store ({@link JCacheSupport}).</li>
 * </ul>
 * The JCache provider default is set earlier, on the environment ({@link StrataEnvironmentPostProcessor}).
 */
@AutoConfiguration
@ConditionalOnClass(RegionStore.class)
@EnableConfigurationProperties(StrataProperties.class)
public class StrataAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RegionStore strataRegionStore(Environment environment) {
        return RegionStore.builder().settings(StrataSettings.forStore(environment)).build();
    }

    /** Static: a post-processor is created before the other beans, and must not make this class early. */
    @Bean
    @ConditionalOnClass({DataSource.class, StrataDataSource.class})
    @ConditionalOnBooleanProperty(name = "strata.jdbc.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public static StrataDataSourceWrapper strataDataSourceWrapper() {
        return new StrataDataSourceWrapper();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({StrataRegionFactory.class, HibernatePropertiesCustomizer.class})
    @ConditionalOnBooleanProperty(name = "strata.hibernate.enabled")
    static class HibernateConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "strataHibernatePropertiesCustomizer")
        HibernatePropertiesCustomizer strataHibernatePropertiesCustomizer(RegionStore store) {
            return new HibernateSupport(store);
        }

        /** The EntityManagerFactory closes before the store it caches in (and is created after it). */
        @Bean
        @ConditionalOnClass(EntityManagerFactoryDependsOnPostProcessor.class)
        static EntityManagerFactoryDependsOnPostProcessor strataEntityManagerFactoryDependsOnStore() {
            return new EntityManagerFactoryDependsOnPostProcessor(RegionStore.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({JCachePropertiesCustomizer.class, javax.cache.CacheManager.class})
    static class JCacheConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "strataJCachePropertiesCustomizer")
        JCachePropertiesCustomizer strataJCachePropertiesCustomizer(RegionStore store, Environment environment) {
            return new JCacheSupport(store, environment);
        }

        @Bean
        static JCacheSupport.DependsOnStore strataJCacheManagerDependsOnStore() {
            return new JCacheSupport.DependsOnStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, StrataMetrics.class})
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        StrataMetrics strataMetrics(RegionStore store, ObjectProvider<StrataDataSourceWrapper> wrapper) {
            StrataMetrics.Builder builder = StrataMetrics.builder(store);
            StrataDataSourceWrapper jdbc = wrapper.getIfAvailable();
            if (jdbc != null) {
                builder.jdbc(jdbc::statistics).invalidation(jdbc::invalidationStatistics);
            }
            return builder.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("strata")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "strataHealthIndicator")
        StrataHealthIndicator strataHealthIndicator(RegionStore store, StrataProperties properties,
                                                    ObjectProvider<StrataDataSourceWrapper> wrapper) {
            StrataDataSourceWrapper jdbc = wrapper.getIfAvailable();
            Supplier<InvalidationStats> bus = jdbc == null ? () -> null : jdbc::invalidationStatistics;
            return new StrataHealthIndicator(store, bus, properties.getHealth().getWriteBehindBacklog());
        }
    }
}
