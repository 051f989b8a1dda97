package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.ClusterLease;
import org.stratacache.testsupport.TestCluster;

/**
 * The distributed tier's cluster lease ({@link MapLease}): one holder at a time, its note seen by every member,
 * and another member takes over when the holder releases, leaves the cluster or stops renewing. A map lock
 * belongs to a thread, so each lease here is used by one thread (the test's, unless said otherwise).
 */
class MapLeaseTest {
    private static final TestCluster CLUSTER = TestCluster.unique("lease");
    private static final Duration LONG = Duration.ofSeconds(60);
    private static RegionStore a;
    private static RegionStore b;

    @BeforeAll
    static void startMembers() {
        a = TestClusters.startMember(CLUSTER);
        b = TestClusters.startMember(CLUSTER);
        TestClusters.awaitClusterSize(a, 2);
    }

    @AfterAll
    static void stopMembers() {
        TestClusters.closeAll(b, a);
    }

    private static ClusterLease lease(RegionStore store, String key, Duration lease) {
        return store.tier().lease(key, lease).orElseThrow();
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void tryHold_electsOneHolder_whoseNoteEveryMemberSees() {
        String key = key();
        ClusterLease onA = lease(a, key, LONG);
        ClusterLease onB = lease(b, key, LONG);
        assertThat(onA.tryHold()).isTrue();
        assertThat(onB.tryHold()).as("held by A").isFalse();
        assertThat(onB.holderNote()).as("A has shown no note yet").isNull();

        assertThat(onA.note("reading slot_1")).isTrue();
        assertThat(onB.holderNote()).isEqualTo("reading slot_1");
        assertThat(onA.holderNote()).isEqualTo("reading slot_1");
        assertThat(onA.tryHold()).as("a renewal").isTrue();
        assertThat(onB.tryHold()).isFalse();
        assertThat(onB.holderNote()).as("the note survives renewals").isEqualTo("reading slot_1");

        assertThat(onA.note(null)).isTrue();
        assertThat(onB.holderNote()).as("withdrawn").isNull();

        onA.release();
        assertThat(onB.tryHold()).as("released: B takes it at once").isTrue();
        assertThat(onA.tryHold()).isFalse();
        assertThat(onA.holderNote()).as("A's old note went with its lease").isNull();
        onB.release();
    }

    @Test
    void aHolderThatLeavesTheCluster_loses_itsLeaseAndItsNote() {
        String key = key();
        RegionStore leaving = TestClusters.startMember(CLUSTER);
        try {
            TestClusters.awaitClusterSize(a, 3);
            ClusterLease onLeaving = lease(leaving, key, LONG);
            ClusterLease onA = lease(a, key, LONG);
            assertThat(onLeaving.tryHold()).isTrue();
            assertThat(onLeaving.note("reading")).isTrue();
            assertThat(onA.holderNote()).isEqualTo("reading");
            assertThat(onA.tryHold()).isFalse();

            TestClusters.tierOf(leaving).hazelcastInstance().getLifecycleService().terminate(); // no goodbye
            // well before the 60 s lease: the cluster frees a departed member's locks
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(onA::tryHold); // the lock is a thread's
            assertThat(onA.holderNote()).isNull();
            onA.release();
        } finally {
            leaving.close();
        }
    }

    @Test
    void aHolderThatStopsRenewing_losesTheLeaseWhenItRunsOut() {
        String key = key();
        Duration shortLease = Duration.ofMillis(300);
        ClusterLease onA = lease(a, key, shortLease);
        ClusterLease onB = lease(b, key, shortLease);
        assertThat(onA.tryHold()).isTrue();
        assertThat(onA.note("reading")).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                .until(onB::tryHold); // the lock belongs to the thread that takes it
        assertThat(onA.holderNote()).as("A's note ran out with its lease; B shows none yet").isNull();
        assertThat(onA.tryHold()).as("A's late renewal finds B holding it").isFalse();
        onB.release();
    }

    @Test
    void aRenewalAfterTheLeaseRanOut_endsTheTerm_andTheNextTakeBeginsOneWithoutANote() {
        String key = key();
        ClusterLease onA = lease(a, key, Duration.ofMillis(300));
        ClusterLease onB = lease(b, key, LONG);
        assertThat(onA.tryHold()).isTrue();
        assertThat(onA.note("reading")).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.holderNote() == null
                && !TestClusters.tierOf(b).hazelcastInstance().getMap("strata:strata:leases").isLocked(key));
        assertThat(onA.tryHold()).as("nobody took it, but A's term is over").isFalse();
        assertThat(onA.tryHold()).as("a new term").isTrue();
        assertThat(onB.holderNote()).as("a new term shows no note until told").isNull();
        assertThat(onB.tryHold()).isFalse();
        onA.release();
        assertThat(onB.tryHold()).isTrue();
        onB.release();
    }

    @Test
    void manyContenders_neverHoldTogether() throws Exception {
        String key = key();
        int threadsPerMember = 4;
        int rounds = 300;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerMember);
        try {
            List<Future<?>> contenders = new ArrayList<>();
            for (RegionStore member : List.of(a, b)) {
                for (int t = 0; t < threadsPerMember; t++) {
                    contenders.add(pool.submit(() -> {
                        ClusterLease lease = lease(member, key, LONG); // this thread's own
                        go.await();
                        while (taken.get() < rounds) {
                            if (lease.tryHold()) {
                                if (holders.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                taken.incrementAndGet();
                                assertThat(lease.tryHold()).as("a renewal while holding").isTrue();
                                holders.decrementAndGet();
                                lease.release();
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> contender : contenders) {
                contender.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(taken.get()).isGreaterThanOrEqualTo(rounds);
        assertThat(overlaps.get()).as("times two contenders held the lease together").isZero();
    }

    @Test
    void theLocalTier_offersNoLease() {
        try (RegionStore local = RegionStore.builder().build()) {
            assertThat(local.tier().lease("anything", LONG)).isEmpty();
        }
    }
}
