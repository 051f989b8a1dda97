package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;
import org.stratacache.testsupport.ChildJvm;
import org.stratacache.testsupport.ProcessLines;

/** Hazelcast is optional: the local tier works without it, the distributed tier says what is missing. */
class LocalTierWithoutHazelcastTest {

    /** Runs in a child JVM whose class path lacks Hazelcast. */
    public static void main(String[] args) {
        try (RegionStore store = RegionStore.fromProperties(Map.of())) {
            store.region("r").put("k", "v");
            System.out.println("local " + store.region("r").get("k"));
        }
        try {
            RegionStore.fromProperties(Map.of("strata.tier", "distributed")).close();
            System.out.println("distributed started?!");
        } catch (StrataConfigException e) {
            System.out.println("distributed refused: " + e.getMessage());
        }
    }

    @Test
    void localTier_withoutHazelcastOnTheClassPath_works_andTheDistributedTierNamesTheMissingJar() throws Exception {
        Process child = ChildJvm.of(LocalTierWithoutHazelcastTest.class)
                .classPathWithout(jar -> jar.startsWith("hazelcast")).mergeStderr().start();
        try {
            ProcessLines lines = ProcessLines.of(child);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finishes").isTrue();
            String out = lines.rest(Duration.ofSeconds(10));
            assertThat(out).contains("local v")
                    .contains("distributed refused: strata.tier=distributed needs com.hazelcast:hazelcast");
            assertThat(child.exitValue()).as(out).isZero();
        } finally {
            child.destroyForcibly();
        }
    }
}
