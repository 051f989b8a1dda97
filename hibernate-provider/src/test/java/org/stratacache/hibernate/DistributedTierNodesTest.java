package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.TestCluster;

/**
 * Two SessionFactories ("nodes"), each with its own region store and embedded Hazelcast member on
 * {@code strata.tier=distributed}, joined into one cluster on loopback, over one shared H2 database.
 *
 * <h2>What READ_WRITE guarantees across nodes, and what it does not</h2>
 * Every soft-lock transition is a compare-and-set on the cluster's entry, and the writer puts the lock
 * before its SQL and the new value after its commit, both synchronously. So once a transaction on node A
 * has committed, the cluster never again holds the old state: a node that reads the entry from the cluster
 * (no near copy) gets the new state at once — asserted without waiting. A node that holds a near copy of the
 * old state serves it until the near-cache invalidation for the lock reaches it: the cross-node staleness
 * window (event delivery, milliseconds on loopback; the near-cache TTL bounds a lost event). That window is
 * waited for with Awaitility and, once the new state was seen, never re-opens for that update. Query
 * results follow the update-timestamps region, whose entries travel the same way.
 */
class DistributedTierNodesTest {
    private static final TestCluster CLUSTER = TestCluster.unique("hibernate", 4);
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private static SessionFactory nodeA;
    private static SessionFactory nodeB;

    @BeforeAll
    static void startNodes() {
        String database = TestFactories.newDatabase();
        nodeA = TestFactories.build(nodeSettings(database, "create"));
        nodeB = TestFactories.build(nodeSettings(database, "none"));
        HazelcastMembers.awaitClusterSize(tierOf(nodeA).hazelcastInstance(), 2, Duration.ofSeconds(30));
        HazelcastMembers.awaitClusterSize(tierOf(nodeB).hazelcastInstance(), 2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopNodes() {
        for (SessionFactory node : new SessionFactory[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @BeforeEach
    void freshRows() {
        nodeA.getCache().evictAllRegions();
        nodeA.inTransaction(s -> {
            s.createMutationQuery("delete from Book").executeUpdate();
            for (long id = 1; id <= 3; id++) {
                Book book = new Book(id, "isbn-" + id, "title-" + id, 1);
                book.getTags().add("tag-" + id);
                s.persist(book);
            }
        });
        // The clears reach the other node's near cache by event: start each test with no near copies.
        await().atMost(WINDOW).until(() -> tierOf(nodeA).stats().nearEntries() == 0
                && tierOf(nodeB).stats().nearEntries() == 0);
        // ...and past the members' clock skew allowance from the rows' writes on A (each change is recorded that
        // much later in the update-timestamps region, see StrataTimestampsRegion), so that what B caches or reads
        // next is judged against update timestamps that are in B's past too.
        long writtenAt = (regionFactory(nodeA).nextTimestamp() + SoftLockEntry.CLUSTER_SKEW_ALLOWANCE)
                >> Timestamper.SHIFT;
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> tierOf(nodeB).clusterTimeMillis() > writtenAt);
        nodeA.getStatistics().clear();
        nodeB.getStatistics().clear();
    }

    // ---- clock ----------------------------------------------------------------------------------------

    @Test
    void timestamps_onBothNodes_comeFromTheClusterClock() {
        for (SessionFactory node : List.of(nodeA, nodeB)) {
            DistributedTier tier = tierOf(node);
            long before = tier.clusterTimeMillis();
            long timestamp = regionFactory(node).nextTimestamp() >> Timestamper.SHIFT;
            long after = tier.clusterTimeMillis();
            assertThat(timestamp).isBetween(before, after);
        }
        long skew = Math.abs(tierOf(nodeA).clusterTimeMillis() - tierOf(nodeB).clusterTimeMillis());
        System.out.printf("cluster clock skew between the two members: %d ms%n", skew);
        assertThat(skew).as("the members' cluster clocks agree").isLessThan(1_000);
    }

    // ---- entities ---------------------------------------------------------------------------------------

    @Test
    void entityUpdate_onA_isReadFreshOnB_atOnce_whenBHoldsNoNearCopy() {
        nodeA.inSession(s -> s.find(Book.class, 1L)); // cached in the cluster by A; never read on B

        nodeA.inTransaction(s -> s.find(Book.class, 1L).setTitle("changed on A"));

        nodeB.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("changed on A"));
    }

    @Test
    void entityUpdate_onA_isACacheHitOnB_forASessionBeginningAfterTheCommitInClusterTime() {
        nodeA.inSession(s -> s.find(Book.class, 1L));
        nodeA.inTransaction(s -> s.find(Book.class, 1L).setTitle("changed on A"));
        // The new value is readable by transactions that begin after it was cached, on the cluster's time
        // line; the members' cluster clocks agree only to a few milliseconds, so a session on B that begins
        // within that skew may find it not yet readable and load from the database (fresh, just not a hit).
        long cachedAt = regionFactory(nodeA).nextTimestamp() >> Timestamper.SHIFT;
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> tierOf(nodeB).clusterTimeMillis() > cachedAt);

        nodeB.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("changed on A"));

        assertThat(nodeB.getStatistics().getEntityLoadCount()).as("B read A's update from the cluster").isZero();
        assertThat(nodeB.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    }

    @Test
    void entityUpdate_onA_isReadFreshOnB_afterTheNearCacheWindow_andStaysFresh() {
        makeHotOnB(2L);

        nodeA.inTransaction(s -> s.find(Book.class, 2L).setTitle("changed on A"));
        long cachedAt = regionFactory(nodeA).nextTimestamp() >> Timestamper.SHIFT;

        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1)).until(() -> "changed on A".equals(titleOnB(2L)));
        for (int i = 0; i < 50; i++) {
            assertThat(titleOnB(2L)).as("read %d on B after it saw the update", i).isEqualTo("changed on A");
        }
        // Past the clock skew between the members, B's sessions can read the new value from the cache.
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> tierOf(nodeB).clusterTimeMillis() > cachedAt);
        nodeB.getStatistics().clear();
        for (int i = 0; i < 20; i++) {
            assertThat(titleOnB(2L)).isEqualTo("changed on A");
        }
        assertThat(nodeB.getStatistics().getEntityLoadCount()).as("B is served from the cache").isZero();
    }

    @Test
    void entityUpdate_onB_isReadFreshOnA() {
        makeHotOnB(3L);
        nodeA.inSession(s -> s.find(Book.class, 3L));

        nodeB.inTransaction(s -> s.find(Book.class, 3L).setCopies(7));

        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> nodeA.fromSession(s -> s.find(Book.class, 3L).getCopies()) == 7);
        int copiesOnWriter = nodeB.fromSession(s -> s.find(Book.class, 3L).getCopies());
        assertThat(copiesOnWriter).as("the writer, at once").isEqualTo(7);
    }

    @Test
    void delete_onA_isSeenOnB_atOnceWithoutNearCopy_andAfterTheWindowWithOne() {
        nodeA.inSession(s -> {
            s.find(Book.class, 1L);
            s.find(Book.class, 2L);
        });
        makeHotOnB(2L);

        nodeA.inTransaction(s -> {
            s.remove(s.find(Book.class, 1L));
            s.remove(s.find(Book.class, 2L));
        });

        nodeB.inSession(s -> assertThat(s.find(Book.class, 1L)).as("no near copy on B").isNull());
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> nodeB.fromSession(s -> s.find(Book.class, 2L)) == null);
        for (int i = 0; i < 20; i++) {
            Book deleted = nodeB.fromSession(s -> s.find(Book.class, 2L));
            assertThat(deleted).isNull();
        }
    }

    @Test
    void collectionAndNaturalId_cachedOnA_areServedOnB() {
        nodeA.inSession(s -> {
            s.find(Book.class, 1L).getTags().size();
            s.bySimpleNaturalId(Book.class).load("isbn-1");
        });
        // A cached the collection and the natural id just now, on its cluster clock; a session on B that
        // begins within the members' clock skew of that would find them not yet readable (a fresh load, not
        // a hit). Begin B's sessions after it, as the entity test above does.
        long cachedAt = regionFactory(nodeA).nextTimestamp() >> Timestamper.SHIFT;
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> tierOf(nodeB).clusterTimeMillis() > cachedAt);
        nodeB.getStatistics().clear();

        // separate sessions: a session that holds the entity resolves its natural id without the cache
        nodeB.inSession(s -> assertThat(s.bySimpleNaturalId(Book.class).load("isbn-1").getId()).isEqualTo(1L));
        nodeB.inSession(s -> assertThat(s.find(Book.class, 1L).getTags()).containsExactly("tag-1"));

        assertThat(nodeB.getStatistics().getCollectionLoadCount()).as("collection from the cluster").isZero();
        assertThat(nodeB.getStatistics().getEntityLoadCount()).isZero();
        assertThat(nodeB.getStatistics().getNaturalIdCacheHitCount()).isEqualTo(1);
        assertNoTierFailures();
    }

    // ---- queries ----------------------------------------------------------------------------------------

    @Test
    void queryCachedOnB_isInvalidatedByAnInsertOnA() {
        assertThat(titlesOn(nodeB)).containsExactly("title-1", "title-2", "title-3");
        assertThat(titlesOn(nodeB)).containsExactly("title-1", "title-2", "title-3");
        assertThat(nodeB.getStatistics().getQueryCacheHitCount()).as("B caches the query").isEqualTo(1);

        nodeA.inTransaction(s -> s.persist(new Book(4L, "isbn-4", "title-4", 1)));

        assertThat(titlesOn(nodeA)).as("the writer, at once").containsExactly("title-1", "title-2", "title-3",
                "title-4");
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> titlesOn(nodeB).equals(List.of("title-1", "title-2", "title-3", "title-4")));
        for (int i = 0; i < 20; i++) {
            assertThat(titlesOn(nodeB)).containsExactly("title-1", "title-2", "title-3", "title-4");
        }
        // cached again once past the skew allowance after the insert (until then a result B caches is not served)
        await().atMost(WINDOW).pollInterval(Duration.ofMillis(5)).until(() -> {
            long hits = nodeB.getStatistics().getQueryCacheHitCount();
            assertThat(titlesOn(nodeB)).containsExactly("title-1", "title-2", "title-3", "title-4");
            return nodeB.getStatistics().getQueryCacheHitCount() > hits;
        });
    }

    @Test
    void queryCachedOnA_isInvalidatedByADeleteOnB() {
        assertThat(titlesOn(nodeA)).hasSize(3);
        assertThat(titlesOn(nodeA)).hasSize(3);

        nodeB.inTransaction(s -> s.remove(s.find(Book.class, 3L)));

        await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                .until(() -> titlesOn(nodeA).equals(List.of("title-1", "title-2")));
    }

    // ---- concurrency ------------------------------------------------------------------------------------

    @Test
    void concurrentUpdatesOnA_andReadsOnB_convergeWithoutErrors() throws Exception {
        int writers = 3;
        int updatesEach = 30;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 3);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long id = w + 1;
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int copies = 1; copies <= updatesEach; copies++) {
                        int value = copies;
                        nodeA.inTransaction(s -> s.find(Book.class, id).setCopies(value));
                    }
                    return null;
                }));
            }
            List<Future<?>> reads = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                reads.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000 && writing.get(); i++) {
                        long id = 1 + (i % writers);
                        Integer copies = nodeB.fromSession(s -> s.find(Book.class, id).getCopies());
                        if (copies < 1 || copies > updatesEach) {
                            anomalies.add("book " + id + " read with copies=" + copies);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writes) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : reads) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(anomalies).isEmpty();
        for (long id = 1; id <= writers; id++) {
            long book = id;
            await().atMost(WINDOW).pollInterval(Duration.ofMillis(1))
                    .until(() -> nodeB.fromSession(s -> s.find(Book.class, book).getCopies()) == updatesEach);
        }
        assertNoTierFailures();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /**
     * One node's settings. Both nodes use the same store name: it namespaces the store's objects in the
     * cluster (region maps, tag versions), so nodes share regions only when their store names match.
     */
    private static Map<String, Object> nodeSettings(String database, String ddl) {
        Map<String, Object> s = TestFactories.settings(database);
        s.put("hibernate.hbm2ddl.auto", ddl);
        s.put("strata.store.name", CLUSTER.name());
        s.putAll(CLUSTER.strataSettings());
        return s;
    }

    /** Reads the book on B until B holds a near copy of it (hot). */
    private static void makeHotOnB(long id) {
        DistributedTier tier = tierOf(nodeB);
        await().atMost(WINDOW).until(() -> {
            long nearHits = tier.stats().nearHits();
            titleOnB(id);
            return tier.stats().nearHits() > nearHits;
        });
    }

    private static String titleOnB(long id) {
        return nodeB.fromSession(s -> s.find(Book.class, id).getTitle());
    }

    private static List<String> titlesOn(SessionFactory node) {
        return node.fromSession(s -> s.createSelectionQuery("select b.title from Book b order by b.title",
                String.class).setCacheable(true).getResultList());
    }

    private static StrataRegionFactory regionFactory(SessionFactory node) {
        return (StrataRegionFactory) node.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }

    private static RegionStore storeOf(SessionFactory node) {
        return regionFactory(node).regionStore();
    }

    private static DistributedTier tierOf(SessionFactory node) {
        return (DistributedTier) storeOf(node).tier();
    }

    private static void assertNoTierFailures() {
        for (SessionFactory node : List.of(nodeA, nodeB)) {
            for (RegionStats stats : storeOf(node).stats().values()) {
                assertThat(stats.tierFailures()).as("tier failures in %s", stats.region()).isZero();
            }
        }
    }
}
