package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Loading through the cache: several ids at once, lazy collections after the session closed, inheritance
 * sharing one region, embedded and composite ids in cached collections, and a load right after a write.
 * Covers the behaviours of Hibernate's {@code MultiLoadSecondLevelCacheTest}/{@code FindMultipleTest},
 * {@code CacheLazyLoadNoTransTest}, {@code StructuredEntityCacheInheritanceTest},
 * {@code EntityCacheInheritanceTest}-style joined checks, {@code CollectionCacheEvictionComplexIdTest},
 * {@code StructuredQueryCacheTest#testEmbeddedIdInOneToMany} (the collection part) and
 * {@code CollectionCacheEvictionTest#testCachedValueAfterEviction}.
 */
class LoadingConformanceTest extends ConformanceTestBase {

    @Test
    void findMultiple_secondTime_isAnsweredByTheCacheAlone() {
        sf.inSession(s -> assertThat(s.findMultiple(Member.class, List.of(1L, 2L))).hasSize(2));
        long before = statements();

        sf.inSession(s -> assertThat(s.findMultiple(Member.class, List.of(1L, 2L)))
                .extracting(m -> m.name).containsExactly("Ada", "Alan"));

        assertThat(statements()).isEqualTo(before);
        assertThat(region(Member.class).getHitCount()).isEqualTo(2);
    }

    @Test
    void lazyCollectionAfterSessionClosed_isLoadedOnce_thenServedFromTheCache() {
        Author detached = sf.fromSession(s -> s.find(Author.class, 1L));
        assertThat(detached.novels).hasSize(2); // enable_lazy_load_no_trans: a temporary session loads it
        assertThat(region(Author.class.getName() + ".novels").getPutCount()).isEqualTo(1);

        Author again = sf.fromSession(s -> s.find(Author.class, 1L));
        long before = statements();
        assertThat(again.novels).hasSize(2);
        assertThat(statements()).isEqualTo(before);
        assertThat(region(Author.class.getName() + ".novels").getHitCount()).isEqualTo(1);
    }

    @Test
    void singleTableSubclasses_shareTheRootRegion_andAWrongTypeFindIsNull() {
        sf.inSession(s -> s.find(Principal.class, 1L));
        sf.inSession(s -> s.find(Principal.class, 2L));
        long before = statements();

        sf.inSession(s -> assertThat(s.find(Person.class, 1L).detail).isEqualTo("human"));
        sf.inSession(s -> assertThat(s.find(Robot.class, 2L).detail).isEqualTo("astromech"));
        assertThat(statements()).isEqualTo(before);
        assertThat(region(Principal.class).getHitCount()).isEqualTo(2);

        // the cached entry is a Person: Hibernate never hands it out as a Robot (it may ask the database)
        sf.inSession(s -> assertThat(s.find(Robot.class, 1L)).isNull());
    }

    @Test
    void joinedSubclasses_shareTheRootRegion() {
        sf.inSession(s -> s.find(Shape.class, 1L));
        sf.inSession(s -> s.find(Shape.class, 2L));
        long before = statements();

        sf.inSession(s -> assertThat(s.find(Circle.class, 1L).radius).isEqualTo(3));
        sf.inSession(s -> assertThat(s.find(Square.class, 2L).side).isEqualTo(4));

        assertThat(statements()).isEqualTo(before);
        assertThat(region(Shape.class).getHitCount()).isEqualTo(2);
    }

    @Test
    void embeddedIdElements_inACachedCollection_areServedAndEvictedOnChange() {
        sf.inSession(s -> assertThat(s.find(Basket.class, 1L).lines).hasSize(2));
        long before = statements();
        sf.inSession(s -> assertThat(s.find(Basket.class, 1L).lines).extracting(l -> l.product)
                .containsExactlyInAnyOrder("apples", "pears"));
        assertThat(statements()).isEqualTo(before);

        sf.inTransaction(s -> s.persist(new BasketLine(s.find(Basket.class, 1L), 3, "plums")));
        tier.settle(sf);

        sf.inSession(s -> assertThat(s.find(Basket.class, 1L).lines).extracting(l -> l.product)
                .containsExactlyInAnyOrder("apples", "pears", "plums"));
    }

    @Test
    void compositeIdOwner_cachedCollection_isServed_andFollowsAnUpdate() {
        Route.Key key = new Route.Key("PAR", "BER");
        sf.inSession(s -> assertThat(s.find(Route.class, key).stops).containsExactly("FRA", "HAN"));
        long before = statements();
        sf.inSession(s -> assertThat(s.find(Route.class, key).stops).containsExactly("FRA", "HAN"));
        assertThat(statements()).isEqualTo(before);

        sf.inTransaction(s -> s.find(Route.class, key).stops.add("POZ"));
        tier.settle(sf);

        sf.inSession(s -> assertThat(s.find(Route.class, key).stops).containsExactly("FRA", "HAN", "POZ"));
    }

    /**
     * One timestamper orders every lock, release and transaction on the local tier, and a release takes its time
     * inside the key's transition: a session that begins after the writing transaction completed loads what it
     * committed, and its load is cached at once (Hibernate's CollectionCacheEvictionTest and
     * CachedQueryShallow*CollectionTest expect it).
     */
    @Test
    void loadRightAfterAWrite_isCachedAtOnce_onTheLocalTier() {
        assumeTrue(tier == Tier.LOCAL, "the distributed tier refuses loads within its clock-skew allowance");
        sf.inTransaction(s -> s.find(Author.class, 1L).name = "JRRT");
        sf.inTransaction(s -> s.persist(new Novel(13L, "Unfinished Tales", s.find(Author.class, 1L))));

        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(3)); // loaded right after
        stats.clear();
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(3));

        assertThat(region(Author.class.getName() + ".novels").getHitCount()).as("collection wasn't cached")
                .isEqualTo(1);
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }

    /**
     * Members' clocks agree only to the skew allowance ({@code SoftLockEntry.CLUSTER_SKEW_ALLOWANCE}): a load by a
     * session that began within it of the release may have read the row before the commit and is not cached; one
     * that began past it is.
     */
    @Test
    void loadAfterAWrite_isCachedOnceTheSkewWindowPassed_onTheDistributedTier() {
        assumeTrue(tier == Tier.DISTRIBUTED, "the local tier has no window (see the test above)");
        sf.inTransaction(s -> s.find(Author.class, 1L).name = "JRRT");
        sf.inTransaction(s -> s.persist(new Novel(13L, "Unfinished Tales", s.find(Author.class, 1L))));

        tier.settle(sf);
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(3));
        stats.clear();
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(3));

        assertThat(region(Author.class.getName() + ".novels").getHitCount()).as("collection wasn't cached")
                .isEqualTo(1);
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }
}
