package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.jcache.StrataCachingProvider;
import org.stratacache.hibernate.StrataRegionFactory;
import org.stratacache.jdbc.StrataDataSource;

/**
 * The starter in a Boot application on H2 (one context for every test here): Strata over Hikari, reads cached,
 * Hibernate's second-level cache in the same store, meters and health at the Actuator endpoints, fresh reads
 * after writes, and Strata's JCache provider chosen although Ehcache's is on the class path too.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:starter-h2;DB_CLOSE_DELAY=-1",
        "strata.store.name=boot-h2",
        "strata.jdbc.admission=first-miss",
        "strata.defaults.ttl=7m",
        "strata.hibernate.enabled=true",
        "spring.cache.cache-names=prices",
        "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-details=always",
})
@AutoConfigureMockMvc
class StarterH2Test {
    @Autowired
    DataSource dataSource;
    @Autowired
    RegionStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry registry;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    CacheManager cacheManager;
    @Autowired
    ShopApplication.PriceList prices;

    @BeforeEach
    void products() {
        // plain SQL: H2's MERGE … KEY is beyond Strata's SQL analysis, and a write it cannot analyse marks the
        // pooled connection's session as changed, so its reads would stay uncached for the connection's life
        jdbc.update("delete from product where id in (1, 2)");
        jdbc.update("insert into product (id, name) values (1, 'kettle'), (2, 'teapot')");
    }

    private StrataDataSource strata() {
        return (StrataDataSource) dataSource;
    }

    @Test
    void dataSourceBean_isStrataOverHikari_onTheSharedStore() throws Exception {
        assertThat(dataSource).isInstanceOf(StrataDataSource.class);
        assertThat(strata().target()).isInstanceOf(HikariDataSource.class);
        assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(strata().target());
        assertThat(strata().regionStore()).isSameAs(store);
    }

    @Test
    void strataProperties_reachTheStore() {
        assertThat(store.name()).isEqualTo("boot-h2");
        assertThat(store.config().get(ConfigKeys.DEFAULT_TTL)).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void repeatedRead_isAHit() {
        long hits = strata().statistics().hits();
        jdbc.queryForObject("select name from product where id = ?", String.class, 2);
        jdbc.queryForObject("select name from product where id = ?", String.class, 2);
        jdbc.queryForObject("select name from product where id = ?", String.class, 2);
        assertThat(strata().statistics().hits() - hits).as("%s", strata().statistics()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void readAfterWrite_throughMockMvc_isFresh() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = "kettle-" + i;
            mvc.perform(get("/products/1")).andExpect(status().isOk());
            mvc.perform(post("/products/1").param("name", name)).andExpect(status().isOk());
            mvc.perform(get("/products/1")).andExpect(jsonPath("$.NAME").value(name));
        }
        assertThat(strata().statistics().hits()).as("the reads between writes were served from the cache")
                .isPositive();
    }

    @Test
    void jdbcReadsMeter_atTheActuatorEndpoint() throws Exception {
        jdbc.queryForObject("select name from product where id = ?", String.class, 1);
        jdbc.queryForObject("select name from product where id = ?", String.class, 1);
        double hits = registry.get("strata.jdbc.reads").tag("result", "hit").functionCounter().count();
        assertThat(hits).isPositive();
        mvc.perform(get("/actuator/metrics/strata.jdbc.reads").param("tag", "result:hit"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("strata.jdbc.reads"))
                .andExpect(jsonPath("$.measurements[0].value").value(org.hamcrest.Matchers.greaterThan(0.0)));
        mvc.perform(get("/actuator/metrics/strata.region.gets")).andExpect(status().isOk());
    }

    @Test
    void health_isUp_withTheStoreDetails() throws Exception {
        mvc.perform(get("/actuator/health/strata"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.details.store").value(store.jmxName()))
                .andExpect(jsonPath("$.details.tier").value("local"));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void hibernate_cachesEntitiesInTheSameStore() throws Exception {
        SessionFactory sessions = entityManagerFactory.unwrap(SessionFactory.class);
        Object factory = sessions.getSessionFactoryOptions().getServiceRegistry()
                .requireService(org.hibernate.cache.spi.RegionFactory.class);
        assertThat(factory).isInstanceOf(StrataRegionFactory.class);
        assertThat(((StrataRegionFactory) factory).regionStore()).isSameAs(store);

        mvc.perform(get("/entities/2")).andExpect(content().string("teapot"));
        long hits = sessions.getStatistics().isStatisticsEnabled()
                ? sessions.getStatistics().getSecondLevelCacheHitCount() : -1;
        mvc.perform(get("/entities/2")).andExpect(content().string("teapot"));
        assertThat(store.regionNames()).anySatisfy(name -> assertThat(name).contains("Product"));
        long entityHits = store.stats().entrySet().stream().filter(e -> e.getKey().contains("Product"))
                .mapToLong(e -> e.getValue().hits()).sum();
        assertThat(entityHits).as("second find served by the second-level cache (statistics: %s)", hits)
                .isPositive();
    }

    @Test
    void jcache_isStratasProvider_withEhcacheOnTheClassPathToo() {
        assertThat(javax.cache.Caching.getCachingProviders()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
        javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
        assertThat(jcache.getCachingProvider()).isInstanceOf(StrataCachingProvider.class);
    }

    @Test
    void cacheable_runsOnTheSameStore_asJdbcAndHibernate() {
        javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
        assertThat(jcache.unwrap(RegionStore.class)).as("one store for JDBC, Hibernate and @Cacheable")
                .isSameAs(store);
        int before = prices.lookups();
        assertThat(prices.price(7)).isEqualTo(700L);
        assertThat(prices.price(7)).isEqualTo(700L);
        assertThat(prices.lookups() - before).as("the second call served by the cache").isEqualTo(1);
        assertThat(jcache.getCache("prices")).isNotNull();
    }
}
