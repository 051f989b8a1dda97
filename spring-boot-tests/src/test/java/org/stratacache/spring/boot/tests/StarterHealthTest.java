package org.stratacache.spring.boot.tests;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HashMap;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.TestCluster;

/**
 * The health of a store on the distributed tier, through Actuator: UP while the Hazelcast member runs, DOWN (HTTP
 * 503) once it has shut down. The member is the test's own (loopback only, no multicast, no auto-detection, no
 * phone-home), given to the store as the application's {@link RegionStore} bean, so the test can stop it.
 */
@SpringBootTest(classes = {ShopApplication.class, StarterHealthTest.Cluster.class}, properties = {
        "spring.datasource.url=jdbc:h2:mem:starter-health;DB_CLOSE_DELAY=-1",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always",
})
@AutoConfigureMockMvc
@DirtiesContext
class StarterHealthTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    HazelcastInstance member;
    @Autowired
    RegionStore store;

    @Test
    void health_isUpWhileTheMemberRuns_andDownOnceItHasShutDown() throws Exception {
        store.region("products").put("1", "kettle");
        mvc.perform(get("/actuator/health/strata"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.details.tier").value("distributed"))
                .andExpect(jsonPath("$.details.breaker").value("CLOSED"));

        member.shutdown();

        mvc.perform(get("/actuator/health/strata"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.details.reason").value(org.hamcrest.Matchers.containsString("Hazelcast")));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.status").value("DOWN"));
    }

    /** A loopback member of a cluster nobody else uses, and the store over it (the member stays the test's). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cluster {
        private final TestCluster cluster = TestCluster.unique("boot-health", 1);

        @Bean(destroyMethod = "shutdown")
        HazelcastInstance member() {
            return HazelcastMembers.start(cluster);
        }

        @Bean(destroyMethod = "close")
        RegionStore regionStore(HazelcastInstance member) {
            Map<String, String> settings = new HashMap<>(Map.of("strata.store.name", "boot-health",
                    "strata.tier", "distributed"));
            return RegionStore.builder().settings(settings).tier(DistributedTier.using(member, settings)).build();
        }
    }
}
