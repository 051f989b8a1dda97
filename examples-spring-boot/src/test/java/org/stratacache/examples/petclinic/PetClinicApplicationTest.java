package org.stratacache.examples.petclinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.MockMvc;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;
import org.stratacache.jdbc.StrataDataSource;

/**
 * The pet clinic as it runs (H2, a random port on 127.0.0.1): the page after an edit shows it, also the
 * JDBC-cached summary; repeated reads are cache hits; the meters and the health are at the Actuator endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class PetClinicApplicationTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    RegionStore store;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry registry;
    @Autowired
    Environment environment;
    @LocalServerPort
    int port;

    @Test
    void editOwner_theNextPageShowsIt_everyTime() throws Exception {
        for (int i = 0; i < 20; i++) {
            String city = "City-" + i;
            mvc.perform(get("/owners/3")).andExpect(status().isOk());
            mvc.perform(post("/owners/3").param("firstName", "Eduardo").param("lastName", "Rodriquez")
                            .param("city", city).param("telephone", "60855" + i))
                    .andExpect(status().is3xxRedirection()).andExpect(header().string("Location", startsWith("/owners/3?saved=")));
            mvc.perform(get("/owners/3").param("saved", "x"))
                    .andExpect(content().string(containsString("<dd id=\"city\">" + city + "</dd>")))
                    .andExpect(content().string(containsString("<dd id=\"telephone\">60855" + i + "</dd>")))
                    .andExpect(content().string(containsString("Read again after the write")));
            mvc.perform(get("/owners")).andExpect(content().string(containsString("<td>" + city + "</td><td>1</td>")));
        }
    }

    @Test
    void addPetAndVisit_theNextPageShowsThem() throws Exception {
        mvc.perform(post("/owners/2/pets").param("name", "Nibbles").param("type", "hamster")
                .param("birthDate", "2025-01-02")).andExpect(status().is3xxRedirection());
        String page = mvc.perform(get("/owners/2")).andExpect(content().string(containsString("Nibbles (hamster")))
                .andReturn().getResponse().getContentAsString();
        String petId = page.replaceAll("(?s).*action=\"/owners/2/pets/(\\d+)/visits\".*", "$1");
        mvc.perform(post("/owners/2/pets/" + petId + "/visits").param("date", "2026-12-01")
                .param("description", "check-up")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/owners/2")).andExpect(content().string(containsString("2026-12-01: check-up")));
    }

    @Test
    void repeatedReads_areServedFromTheCache() throws Exception {
        mvc.perform(get("/owners/1")).andExpect(status().isOk());
        mvc.perform(get("/owners")).andExpect(status().isOk());
        long regionHits = regionHits();
        long jdbcHits = ((StrataDataSource) dataSource).statistics().hits();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/owners/1")).andExpect(status().isOk());
            mvc.perform(get("/owners")).andExpect(status().isOk());
        }
        assertThat(regionHits() - regionHits).as("Hibernate's reads served by Strata").isGreaterThanOrEqualTo(5);
        assertThat(((StrataDataSource) dataSource).statistics().hits() - jdbcHits)
                .as("the owners-per-city SQL served by Strata's JDBC cache").isGreaterThanOrEqualTo(5);
        assertThat(registry.get("strata.region.gets").tag("result", "hit").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum()).isPositive();
    }

    @Test
    void actuator_listsStrataMeters_andHealthIsUp() throws Exception {
        mvc.perform(get("/actuator/metrics")).andExpect(status().isOk())
                .andExpect(jsonPath("$.names", hasItem(startsWith("strata.region."))))
                .andExpect(jsonPath("$.names", hasItem("strata.jdbc.reads")));
        mvc.perform(get("/actuator/metrics/strata.region.gets")).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("strata.region.gets"));
        mvc.perform(get("/actuator/health/strata")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP")).andExpect(jsonPath("$.details.store").value("petclinic"));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void server_answersOnLoopback() throws Exception {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/owners")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("George Franklin").contains("Strata store 'petclinic'");
    }

    private long regionHits() {
        return store.stats().values().stream().mapToLong(RegionStats::hits).sum();
    }
}
