package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;

/**
 * Two nodes sharing regions whose clocks disagree by a few milliseconds, as cluster members' do (issue 17: node A
 * served a deleted row from its query cache 5 s after node B's delete). Hibernate keeps a cached query result while
 * the last change of its tables is stamped earlier than the result; with B's clock behind A's, B's change was
 * stamped earlier than a result A cached before it, and A's old result passed for current. The clocks here are
 * set by hand, so the outcome does not depend on timing.
 */
class QueryCacheClockSkewTest {
    private static final long START = 1_700_000_000_000L;

    private final AtomicLong clockA = new AtomicLong(START);
    private final AtomicLong clockB = new AtomicLong(START);
    private RegionStore store;
    private SessionFactory nodeA;
    private SessionFactory nodeB;

    @BeforeEach
    void start() {
        store = RegionStore.builder().name("skew-" + System.nanoTime()).build();
        String db = TestFactories.newDatabase();
        nodeA = TestFactories.build(TestFactories.with(TestFactories.settings(db),
                "hibernate.cache.region.factory_class", new StrataRegionFactory(store, clockA::get)));
        Map<String, Object> second = TestFactories.with(TestFactories.settings(db),
                "hibernate.cache.region.factory_class", new StrataRegionFactory(store, clockB::get));
        second.put("hibernate.hbm2ddl.auto", "none");
        nodeB = TestFactories.build(second);
        nodeA.inTransaction(s -> {
            for (long id = 1; id <= 3; id++) {
                s.persist(new Book(id, "isbn-" + id, "title-" + id, 1));
            }
        });
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        store.close();
    }

    @Test
    void queryCachedOnANodeWhoseClockRunsAhead_isNotServedAfterADeleteOnANodeBehind() {
        // a second after the seeding, A's clock 20 ms ahead of B's: within what cluster members disagree by
        clockA.set(START + 1_000);
        clockB.set(START + 980);
        assertThat(titlesOn(nodeA)).containsExactly("title-1", "title-2", "title-3");
        assertThat(titlesOn(nodeA)).containsExactly("title-1", "title-2", "title-3");
        assertThat(nodeA.getStatistics().getQueryCacheHitCount()).as("A caches the query").isEqualTo(1);

        nodeB.inTransaction(s -> s.remove(s.find(Book.class, 3L)));
        assertThat(titlesOn(nodeA)).as("A after B's delete").containsExactly("title-1", "title-2");
        assertThat(titlesOn(nodeB)).containsExactly("title-1", "title-2");
    }

    @Test
    void afterTheSkewAllowance_theQueryIsCachedAgain() {
        clockB.set(START + 1_000);
        nodeB.inTransaction(s -> s.find(Book.class, 1L).setTitle("renamed"));
        clockA.set(START + 1_000 + SoftLockEntry.CLUSTER_SKEW_ALLOWANCE / (1L << Timestamper.SHIFT) + 1);
        assertThat(titlesOn(nodeA)).containsExactly("renamed", "title-2", "title-3");
        long hits = nodeA.getStatistics().getQueryCacheHitCount();
        assertThat(titlesOn(nodeA)).containsExactly("renamed", "title-2", "title-3");
        assertThat(nodeA.getStatistics().getQueryCacheHitCount()).as("cached again past the allowance")
                .isEqualTo(hits + 1);
    }

    private static List<String> titlesOn(SessionFactory node) {
        return node.fromSession(s -> s.createSelectionQuery("select b.title from Book b order by b.title",
                String.class).setCacheable(true).getResultList());
    }
}
