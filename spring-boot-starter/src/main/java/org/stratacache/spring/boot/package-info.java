/**
 * Strata for Spring Boot 4: auto-configuration that puts one {@link org.stratacache.core.RegionStore} under the
 * application's {@code DataSource} (wrapped, the pool staying underneath) and, when asked, under Hibernate's
 * second-level cache, binds {@code strata.*} from the application's configuration, registers the Micrometer
 * meters and an Actuator health indicator, and names Strata's JSR-107 provider to Boot's JCache support.
 *
 * <p>API: {@link org.stratacache.spring.boot.StrataAutoConfiguration} (what it defines and when it backs off) and
 * {@link org.stratacache.spring.boot.StrataProperties}; the rest is public only because Spring instantiates it.
 * Each part is conditional on the classes present, so an application without Hibernate, Micrometer or Actuator
 * loads none of their types: the classes naming them ({@code HibernateSupport}, {@code StrataHealthIndicator})
 * are reached only behind a class condition.
 *
 * <p>Why one store: JDBC and Hibernate over one store share one configuration, one set of statistics and meters,
 * one health and one lifecycle; the shutdown order is the data source's users first, then the store (its
 * write-behind queues flush through the pool), then the pool.
 */
package org.stratacache.spring.boot;
