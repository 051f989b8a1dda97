package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.hibernate.StrataRegionFactory;
import org.stratacache.jdbc.StrataDataSource;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Two instances of one application on PostgreSQL (two contexts, one store name) with JDBC and Hibernate on the
 * starter's store: Hibernate's invalidation bus connects to {@code spring.datasource.url} with nothing else
 * set, so a JDBC write on one instance evicts the entity Hibernate cached on the other, and a Hibernate write on
 * one makes the other's cached JDBC result stale. Skips without a server ({@code .ci/pg start}).
 */
class StarterHibernateBusPostgresTest {

    private static ConfigurableApplicationContext instance(UrlDataSource pg, String schema, String store) {
        String url = pg.url() + (pg.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // command-line arguments: they win over application.properties (default properties would not)
        return new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + pg.user(),
                "--spring.datasource.password=" + pg.password(), "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.jpa.hibernate.ddl-auto=none", "--strata.store.name=" + store,
                "--strata.hibernate.enabled=true", "--strata.jdbc.admission=first-miss",
                "--strata.invalidation.max-backoff=500ms");
    }

    @Test
    void jdbcAndHibernateWritesOfTwoInstances_reachEachOther() throws Exception {
        UrlDataSource pg = Postgres.connectOrSkip();
        String schema = "boot_bus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String store = "boot-bus-" + UUID.randomUUID();
        pg.execute("create schema " + schema, "create table " + schema + ".product (id bigint primary key, name text)",
                "insert into " + schema + ".product values (1, 'kettle')");
        try (ConfigurableApplicationContext a = instance(pg, schema, store);
             ConfigurableApplicationContext b = instance(pg, schema, store)) {
            StrataRegionFactory factoryA = regionFactory(a);
            StrataRegionFactory factoryB = regionFactory(b);
            InvalidationStats busB = factoryB.invalidationStatistics();
            assertThat(busB).as("Hibernate's bus exists").isNotEqualTo(InvalidationStats.NONE);
            await().atMost(Duration.ofSeconds(30)).until(() -> factoryA.invalidationStatistics().connected()
                    && factoryB.invalidationStatistics().connected()
                    && jdbcBus(a).connected() && jdbcBus(b).connected());

            // JDBC write on A → the entity B's Hibernate cached is evicted there
            assertThat(find(b, 1)).isEqualTo("kettle");
            assertThat(find(b, 1)).isEqualTo("kettle");
            a.getBean(JdbcTemplate.class).update("update product set name = ? where id = 1", "kettle-a");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(find(b, 1)).isEqualTo("kettle-a"));

            // Hibernate write on B → the JDBC result A cached is stale there
            JdbcTemplate jdbcA = a.getBean(JdbcTemplate.class);
            String select = "select name from product where id = ?";
            assertThat(jdbcA.queryForObject(select, String.class, 1)).isEqualTo("kettle-a");
            long hits = strata(a).statistics().hits();
            assertThat(jdbcA.queryForObject(select, String.class, 1)).isEqualTo("kettle-a");
            assertThat(strata(a).statistics().hits()).as("A's read is cached").isGreaterThan(hits);
            rename(b, 1, "kettle-b");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(jdbcA.queryForObject(select, String.class, 1)).isEqualTo("kettle-b"));
            assertThat(factoryB.invalidationStatistics().received()).isPositive();
            assertThat(jdbcBus(a).received()).isPositive();
        } finally {
            pg.execute("drop schema " + schema + " cascade");
        }
    }

    private static StrataRegionFactory regionFactory(ConfigurableApplicationContext context) {
        SessionFactory sessions = context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class);
        return (StrataRegionFactory) sessions.getSessionFactoryOptions().getServiceRegistry()
                .requireService(org.hibernate.cache.spi.RegionFactory.class);
    }

    private static StrataDataSource strata(ConfigurableApplicationContext context) {
        return context.getBean(StrataDataSource.class);
    }

    private static InvalidationStats jdbcBus(ConfigurableApplicationContext context) {
        return strata(context).invalidationStatistics();
    }

    private static String find(ConfigurableApplicationContext context, long id) {
        EntityManager em = context.getBean(EntityManagerFactory.class).createEntityManager();
        try {
            return em.find(ShopApplication.Product.class, id).getName();
        } finally {
            em.close();
        }
    }

    private static void rename(ConfigurableApplicationContext context, long id, String name) {
        EntityManager em = context.getBean(EntityManagerFactory.class).createEntityManager();
        try {
            em.getTransaction().begin();
            em.find(ShopApplication.Product.class, id).setName(name);
            em.getTransaction().commit();
        } finally {
            em.close();
        }
    }
}
