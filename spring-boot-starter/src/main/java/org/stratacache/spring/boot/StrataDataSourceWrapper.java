package org.stratacache.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.StrataDataSource;

/**
 * Wraps every {@link DataSource} bean in a {@link StrataDataSource} over the application's {@link RegionStore}
 * (the bean named by the data source's users is then Strata's; the pool stays underneath, reachable through
 * {@link StrataDataSource#target()} and {@code unwrap}). A bean that already is a {@link StrataDataSource}, the
 * application's own, is left alone.
 *
 * <p>Shutdown order, which matters because the store's write-behind queues flush through the pool when the store
 * closes: the store is registered as a dependent of each wrapped data source, so Spring destroys the store
 * first; then this post-processor closes the wrapper and the pool it wraps (the wrapper's own {@code close()}
 * leaves the pool open, by contract, so without this the pool would never be closed).
 */
public final class StrataDataSourceWrapper implements DestructionAwareBeanPostProcessor, BeanFactoryAware, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(StrataDataSourceWrapper.class);

    private final List<StrataDataSource> wrapped = new CopyOnWriteArrayList<>();
    private ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory factory) {
        this.beanFactory = (ConfigurableListableBeanFactory) factory;
    }

    /** Late, so that the pool is fully initialised (and other post-processors have had their say) first. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof DataSource target) || bean instanceof StrataDataSource) {
            return bean;
        }
        String[] storeNames = beanFactory.getBeanNamesForType(RegionStore.class, false, false);
        if (storeNames.length != 1) {
            throw new IllegalStateException("Strata cannot wrap the DataSource bean '" + beanName + "': it needs "
                    + "exactly one RegionStore bean, found " + storeNames.length + " " + List.of(storeNames)
                    + " (set strata.jdbc.enabled=false, or define one RegionStore bean)");
        }
        RegionStore store = beanFactory.getBean(storeNames[0], RegionStore.class);
        StrataDataSource strata = StrataDataSource.wrap(target, store);
        beanFactory.registerDependentBean(beanName, storeNames[0]);
        wrapped.add(strata);
        LOG.info("Strata: DataSource bean '{}' ({}) wrapped over region store '{}'", beanName,
                target.getClass().getName(), store.name());
        return strata;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof StrataDataSource strata && wrapped.contains(strata);
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof StrataDataSource strata) || !wrapped.remove(strata)) {
            return;
        }
        strata.close();
        if (strata.target() instanceof AutoCloseable pool) {
            try {
                pool.close();
            } catch (Exception e) {
                LOG.warn("Strata: closing the pool under DataSource bean '{}' failed: {}", beanName, e.toString());
            }
        }
    }

    /** The data sources wrapped so far (empty before the first DataSource bean is created). */
    public List<StrataDataSource> wrapped() {
        return List.copyOf(wrapped);
    }

    /** JDBC counters summed over the wrapped data sources; {@code null} while none is (the meters read zero). */
    public JdbcStats statistics() {
        JdbcStats sum = null;
        for (StrataDataSource ds : wrapped) {
            sum = sum == null ? ds.statistics() : sum.plus(ds.statistics());
        }
        return sum;
    }

    /** The first wrapped data source's invalidation-bus counters; {@code null} while none is wrapped. */
    public InvalidationStats invalidationStatistics() {
        return wrapped.isEmpty() ? null : wrapped.get(0).invalidationStatistics();
    }
}
