package org.stratacache.examples.petclinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.hibernate.StrataRegionFactory;

/**
 * The pet clinic with its {@code postgres} profile, on the server of {@code STRATA_PG_URL} (in a schema of its
 * own): edits show on the next page, and both invalidation buses (JDBC's and Hibernate's) are connected. Skips
 * with a message when {@code STRATA_PG_URL} is unset, fails then when {@code STRATA_PG_REQUIRED=true} (CI).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@AutoConfigureMockMvc
@DirtiesContext
class PetClinicPostgresTest {
    private static final String URL = System.getenv("STRATA_PG_URL");
    private static final String USER = env("STRATA_PG_USER");
    private static final String PASSWORD = env("STRATA_PG_PASSWORD");
    private static final String SCHEMA = "petclinic_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Autowired
    MockMvc mvc;
    @Autowired
    EntityManagerFactory entityManagerFactory;

    @BeforeAll
    static void postgres() throws SQLException {
        if (URL == null || URL.isBlank()) {
            String message = "PostgreSQL test of PetClinicPostgresTest skipped: STRATA_PG_URL is not set";
            if ("true".equals(System.getenv("STRATA_PG_REQUIRED"))) {
                throw new AssertionError(message + " and STRATA_PG_REQUIRED=true");
            }
            System.out.println("[SKIPPED] " + message);
            Assumptions.abort(message);
        }
        sql("create schema " + SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (URL != null && !URL.isBlank()) {
            sql("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        registry.add("strata.store.name", () -> "petclinic-" + SCHEMA);
    }

    @Test
    void editOwner_theNextPageShowsIt_andBothBusesAreConnected() throws Exception {
        StrataRegionFactory factory = (StrataRegionFactory) entityManagerFactory.unwrap(SessionFactory.class)
                .getSessionFactoryOptions().getServiceRegistry()
                .requireService(org.hibernate.cache.spi.RegionFactory.class);
        assertThat(factory.invalidationStatistics()).as("Hibernate's bus exists on PostgreSQL")
                .isNotEqualTo(InvalidationStats.NONE);
        await().atMost(Duration.ofSeconds(30)).until(() -> factory.invalidationStatistics().connected());
        for (int i = 0; i < 10; i++) {
            String city = "Pg-" + i;
            mvc.perform(get("/owners/1")).andExpect(status().isOk());
            mvc.perform(post("/owners/1").param("firstName", "George").param("lastName", "Franklin")
                    .param("city", city).param("telephone", "1" + i)).andExpect(status().is3xxRedirection());
            mvc.perform(get("/owners/1")).andExpect(content().string(containsString("<dd id=\"city\">" + city)));
            mvc.perform(get("/owners")).andExpect(content().string(containsString("<td>" + city + "</td><td>1</td>")));
        }
        mvc.perform(get("/actuator/health/strata")).andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.details.invalidationBusTrusted").value(true));
        assertThat(factory.invalidationStatistics().sent()).as("the edits went out on Hibernate's bus").isPositive();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
