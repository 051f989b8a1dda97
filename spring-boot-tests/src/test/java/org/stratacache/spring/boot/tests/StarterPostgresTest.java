package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stratacache.jdbc.StrataDataSource;
import org.stratacache.spring.boot.StrataAutoConfiguration;
import org.stratacache.spring.boot.StrataHealthIndicator;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

/**
 * The starter on PostgreSQL: Strata over Hikari, cached reads, fresh reads after writes, the invalidation bus
 * (LISTEN/NOTIFY, chosen by {@code strata.invalidation.mode=auto}) trusted in the health, and DEGRADED while the
 * server is down. Skips without a server ({@code .ci/pg start}); fails then in CI.
 */
class StarterPostgresTest {

    private ApplicationContextRunner runner(UrlDataSource pg) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, StrataAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + pg.url(), "spring.datasource.username=" + pg.user(),
                        "spring.datasource.password=" + pg.password(), "spring.datasource.hikari.maximum-pool-size=4",
                        "strata.store.name=boot-pg-" + UUID.randomUUID(), "strata.jdbc.admission=first-miss",
                        "strata.invalidation.max-backoff=500ms");
    }

    @Test
    void postgres_cachedReads_freshAfterWrites_andTheBusIsTrusted() throws Exception {
        UrlDataSource pg = Postgres.connectOrSkip();
        String table = "boot_item_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.execute("create table " + table + " (id int primary key, name text)",
                "insert into " + table + " values (1, 'one')");
        try {
            runner(pg).run(context -> {
                DataSource ds = context.getBean(DataSource.class);
                assertThat(ds).isInstanceOf(StrataDataSource.class);
                assertThat(((StrataDataSource) ds).target()).isInstanceOf(HikariDataSource.class);
                StrataDataSource strata = (StrataDataSource) ds;
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                String select = "select name from " + table + " where id = ?";

                long hits = strata.statistics().hits();
                for (int i = 0; i < 50; i++) {
                    assertThat(jdbc.queryForObject(select, String.class, 1)).isEqualTo(i == 0 ? "one" : "v" + (i - 1));
                    assertThat(jdbc.queryForObject(select, String.class, 1)).isEqualTo(i == 0 ? "one" : "v" + (i - 1));
                    jdbc.update("update " + table + " set name = ? where id = 1", "v" + i);
                }
                assertThat(strata.statistics().hits() - hits).as("%s", strata.statistics()).isGreaterThanOrEqualTo(50);

                StrataHealthIndicator health = context.getBean(StrataHealthIndicator.class);
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
                assertThat(health.health().getDetails()).containsEntry("invalidationBusTrusted", true);
            });
        } finally {
            pg.execute("drop table " + table);
        }
    }
}
