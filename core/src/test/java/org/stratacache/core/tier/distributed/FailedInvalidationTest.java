package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.TestCluster;

/**
 * An invalidation that times out (the key's partition thread is kept busy) must never leave an old value
 * served silently: this JVM treats the key (or every tagged entry) as stale at once, and the invalidation
 * reaches the cluster once it answers again.
 */
class FailedInvalidationTest {
    private static final TestCluster CLUSTER = TestCluster.unique("failed-inval");
    private static RegionStore a;
    private static RegionStore b;
    private static volatile CountDownLatch release = new CountDownLatch(0);

    @BeforeAll
    static void startMembers() {
        Map<String, String> settings = TestClusters.memberSettings(CLUSTER);
        settings.put("strata.hazelcast.operation-timeout", "300ms");
        a = RegionStore.fromProperties(settings);
        b = RegionStore.fromProperties(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> hz(a).getCluster().getMembers().size() == 2);
    }

    @AfterEach
    void unblock() {
        release.countDown();
    }

    @AfterAll
    static void stopMembers() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void invalidate_thatTimesOut_hidesTheKeyHereAndIsReplayedOnTheCluster() {
        Region<String, String> onA = a.region("replay");
        Region<String, String> onB = b.region("replay");
        onA.put("k", "old");
        await().atMost(Duration.ofSeconds(5)).until(() -> "old".equals(onB.get("k")));

        blockPartitionOf("k");
        onA.invalidate("k"); // times out: no exception, counted
        assertThat(onA.stats().tierFailures()).isPositive();
        assertThat(onA.get("k")).as("the old value is never served here").isNull();
        assertThat(onA.get("k", key -> "new")).isEqualTo("new");

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(hz(b).getMap("strata:strata:region:replay").get("k")).isNull());
        assertThat(onB.get("k")).isNull();
    }

    @Test
    void tagInvalidation_thatTimesOut_makesEveryTaggedEntryStaleHereAndReachesTheOtherMembers() {
        Region<String, String> onA = a.region("tagged");
        Region<String, String> onB = b.region("tagged");
        onA.put("q", "rows", List.of("orders"));
        onA.put("untagged", "value");
        await().atMost(Duration.ofSeconds(5)).until(() -> "rows".equals(onB.get("q")));

        blockPartitionOf("orders"); // the tag-version map's partition for this tag
        a.invalidateTag("orders"); // times out: no exception
        assertThat(onA.get("q")).as("in doubt: stale, never fresh").isNull();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(onB.get("q")).isNull();
            assertThat(onA.get("untagged")).isEqualTo("value"); // the doubt was lifted
        });
        assertThat(onA.get("q")).isNull();
    }

    /** Keeps the partition thread that owns {@code key} busy until {@link #release} opens. */
    private static void blockPartitionOf(String key) {
        release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        STARTED = started;
        hz(b).getMap("strata-test-blocker").submitToKey(key, new Block());
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).as("partition blocked").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static volatile CountDownLatch STARTED;

    private static HazelcastInstance hz(RegionStore store) {
        return TestClusters.tierOf(store).hazelcastInstance();
    }

    /** Runs on the owner's partition thread (same JVM, so it can wait on the test's latch). */
    static final class Block implements EntryProcessor<Object, Object, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<Object, Object> entry) {
            STARTED.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public EntryProcessor<Object, Object, Object> getBackupProcessor() {
            return null;
        }
    }
}
