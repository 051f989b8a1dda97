package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.TestCluster;

/** Backups keep every entry when one of three members dies, and the survivors report no errors. */
class MemberLossTest {
    private static final TestCluster CLUSTER = TestCluster.unique("loss");
    private static RegionStore a;
    private static RegionStore b;
    private static RegionStore c;

    @BeforeAll
    static void startMembers() {
        a = TestClusters.startMember(CLUSTER);
        b = TestClusters.startMember(CLUSTER);
        c = TestClusters.startMember(CLUSTER);
        TestClusters.awaitClusterSize(a, 3);
    }

    @AfterAll
    static void stopMembers() {
        TestClusters.closeAll(c, b, a);
    }

    @Test
    void killingOneOfThreeMembers_losesNoEntryAndRaisesNoError() {
        Region<Integer, String> onA = a.region("accounts");
        Region<Integer, String> onB = b.region("accounts");
        int entries = 300;
        for (int i = 0; i < entries; i++) {
            onA.put(i, "account-" + i);
        }
        for (int i = 0; i < entries; i++) {
            onB.get(i); // some near copies on B, most keys owned elsewhere
        }

        TestClusters.tierOf(c).hazelcastInstance().getLifecycleService().terminate(); // a crash, no goodbye
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestClusters.tierOf(a).hazelcastInstance().getCluster().getMembers().size() == 2);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < entries; i++) {
                assertThat(onA.get(i)).as("key %d on A", i).isEqualTo("account-" + i);
                assertThat(onB.get(i)).as("key %d on B", i).isEqualTo("account-" + i);
            }
        });
        assertThat(onA.stats().loadFailures() + onB.stats().loadFailures()).isZero();
        assertThat(onA.get(7, k -> "from the database")).isEqualTo("account-7");
        onB.put(7, "updated");
        await().atMost(Duration.ofSeconds(5)).until(() -> "updated".equals(onA.get(7)));
    }
}
