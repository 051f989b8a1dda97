package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.jcache.StrataCachingProvider;
import org.stratacache.jdbc.StrataDataSource;
import org.stratacache.spring.boot.StrataAutoConfiguration;
import org.stratacache.spring.boot.StrataDataSourceWrapper;
import org.stratacache.spring.boot.StrataHealthIndicator;
import org.stratacache.testsupport.H2;

/**
 * The auto-configuration's conditions, in small contexts without a web server or JPA: it backs off when the
 * application defines the beans, honours its switches, refuses a misspelt key, and its health goes DEGRADED and
 * DOWN.
 */
class StarterRunnerTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, StrataAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + H2.newMemoryUrl("runner"),
                    "strata.store.name=runner-" + UUID.randomUUID());

    @Test
    void userRegionStore_isUsed_andNotClosedTwice() {
        RegionStore mine = RegionStore.builder().name("mine-" + UUID.randomUUID()).build();
        runner.withBean(RegionStore.class, () -> mine).run(context -> {
            assertThat(context).hasSingleBean(RegionStore.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(StrataDataSource.class);
            assertThat(((StrataDataSource) context.getBean(DataSource.class)).regionStore()).isSameAs(mine);
        });
        mine.close();
    }

    @Test
    void userStrataDataSource_isNotWrappedAgain() {
        runner.withUserConfiguration(OwnStrataDataSource.class).run(context -> {
            DataSource ds = context.getBean(DataSource.class);
            assertThat(ds).isInstanceOf(StrataDataSource.class);
            assertThat(((StrataDataSource) ds).target()).as("not a Strata over a Strata")
                    .isNotInstanceOf(StrataDataSource.class);
        });
    }

    @Test
    void jdbcDisabled_leavesThePoolAlone() {
        runner.withPropertyValues("strata.jdbc.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(StrataDataSourceWrapper.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void withoutHibernateEnabled_noCustomizer() {
        runner.run(context -> assertThat(context).doesNotHaveBean("strataHibernatePropertiesCustomizer"));
    }

    @Test
    void hibernateEnabled_busConnectsToTheDataSourceUrl_unlessSetExplicitly() {
        String url = H2.newMemoryUrl("bus");
        runner.withPropertyValues("strata.hibernate.enabled=true", "spring.datasource.url=" + url,
                "spring.datasource.username=sa").run(context -> {
            RegionStore store = context.getBean(RegionStore.class);
            assertThat(store.config().get(ConfigKeys.INVALIDATION_JDBC_URL)).isEqualTo(url);
            assertThat(store.config().get(ConfigKeys.INVALIDATION_USER)).isEqualTo("sa");
        });
        runner.withPropertyValues("strata.hibernate.enabled=true", "strata.invalidation.jdbc-url=jdbc:h2:mem:other")
                .run(context -> assertThat(context.getBean(RegionStore.class).config()
                        .get(ConfigKeys.INVALIDATION_JDBC_URL)).isEqualTo("jdbc:h2:mem:other"));
        runner.withPropertyValues("spring.datasource.url=" + url).run(context -> assertThat(
                context.getBean(RegionStore.class).config().get(ConfigKeys.INVALIDATION_JDBC_URL))
                .as("without Hibernate the JDBC side finds the pool's URL itself").isEmpty());
    }

    @Test
    void misspeltKey_failsTheStart_namingTheKey() {
        runner.withPropertyValues("strata.defaults.tll=5m").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("strata.defaults.tll")
                    .hasMessageContaining("strata.defaults.ttl");
        });
    }

    @Test
    void closingTheContext_closesStoreThenPool() {
        RegionStore[] store = new RegionStore[1];
        HikariDataSource[] pool = new HikariDataSource[1];
        runner.run(context -> {
            store[0] = context.getBean(RegionStore.class);
            pool[0] = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
            context.getBean(JdbcTemplate.class).queryForObject("select 1", Integer.class);
        });
        assertThat(store[0].isClosed()).isTrue();
        assertThat(pool[0].isClosed()).as("the pool under the wrapper is closed too").isTrue();
    }

    /** Regression: the pool under the wrapper was closed both by the wrapper and by the bean's destroy method. */
    @Test
    void closingTheContext_closesTheUserPoolExactlyOnce() {
        runner.withUserConfiguration(CountedPool.class).run(context -> {
            DataSource ds = context.getBean(DataSource.class);
            assertThat(ds).isInstanceOf(StrataDataSource.class);
            context.getBean(JdbcTemplate.class).queryForObject("select 1", Integer.class);
            assertThat(context.getBean(CountedPool.class).pool.closes.get()).isZero();
        });
        assertThat(CountedPool.last.closes.get()).as("closes of the pool under the wrapper").isEqualTo(1);
    }

    @Test
    void health_isDegradedOverTheWriteBehindBacklog_andDownWhenTheStoreIsClosed() {
        runner.withPropertyValues("strata.write-behind.tables=event", "strata.write-behind.max-delay=1h",
                "strata.write-behind.batch-size=1000", "strata.health.write-behind-backlog=2").run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            jdbc.execute("create table event(id int primary key, what varchar(20))");
            StrataHealthIndicator health = context.getBean(StrataHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            for (int i = 0; i < 3; i++) {
                jdbc.update("insert into event (id, what) values (?, ?)", i, "e" + i);
            }
            Health degraded = health.health();
            // CI saw UP here once (the queue held fewer than 3 rows; not reproduced in isolation): say why if again
            assertThat(degraded.getStatus()).as("health %s; write-behind %s; jdbc %s", degraded.getDetails(),
                    context.getBean(RegionStore.class).writeBehindStats(),
                    context.getBean(DataSource.class).unwrap(StrataDataSource.class).statistics())
                    .isEqualTo(StrataHealthIndicator.DEGRADED);
            assertThat(degraded.getDetails().get("reasons").toString()).contains("write-behind")
                    .contains("strata.health.write-behind-backlog=2");

            context.getBean(RegionStore.class).close();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    /** Two applications in one JVM (as cached test contexts are): each one's JCache manager on its own store. */
    @Test
    void jcache_twoContextsAtOnce_eachOnItsOwnStore() {
        ApplicationContextRunner caching = runner
                .withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
                .withUserConfiguration(Caching.class)
                .withPropertyValues("spring.cache.type=jcache", "spring.cache.cache-names=prices",
                        "spring.cache.jcache.provider=" + StrataCachingProvider.class.getName());
        javax.cache.CacheManager[] first = new javax.cache.CacheManager[1];
        caching.run(a -> {
            first[0] = a.getBean(javax.cache.CacheManager.class);
            assertThat(first[0].unwrap(RegionStore.class)).isSameAs(a.getBean(RegionStore.class));
            caching.withPropertyValues("strata.store.name=runner-other-" + UUID.randomUUID()).run(b -> {
                javax.cache.CacheManager second = b.getBean(javax.cache.CacheManager.class);
                assertThat(second).isNotSameAs(first[0]);
                assertThat(second.unwrap(RegionStore.class)).isSameAs(b.getBean(RegionStore.class));
            });
            assertThat(first[0].isClosed()).as("the other context's close left this one's manager open").isFalse();
            first[0].getCache("prices").put("k", "v");
        });
        assertThat(first[0].isClosed()).isTrue();
    }

    @Test
    void healthIndicatorDisabled_backsOff() {
        runner.withPropertyValues("management.health.strata.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(StrataHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {
    }

    /** The application's own pool, counting how often it is closed. */
    @Configuration(proxyBeanMethods = false)
    static class CountedPool {
        static volatile ClosingCounter last;
        final ClosingCounter pool = new ClosingCounter();

        CountedPool() {
            last = pool;
        }

        @Bean
        DataSource dataSource() {
            return pool;
        }
    }

    /** An H2 data source that is {@link AutoCloseable}, as pools are, and counts its closes. */
    static final class ClosingCounter extends DelegatingDataSource implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        ClosingCounter() {
            super(H2.newMemory("counted"));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStrataDataSource {
        @Bean
        DataSource dataSource(RegionStore store) {
            return StrataDataSource.wrap(H2.newMemory("own"), store);
        }
    }
}
