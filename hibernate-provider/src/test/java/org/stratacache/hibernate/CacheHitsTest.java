package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Second loads are answered by the cache: entities, collections, natural ids and cacheable queries. */
class CacheHitsTest {
    private static SessionFactory sf;
    private Statistics stats;

    @BeforeAll
    static void start() {
        sf = TestFactories.build(TestFactories.newDatabase());
        sf.inTransaction(s -> {
            Book book = new Book(1L, "isbn-1", "Dune", 3);
            book.getTags().add("sf");
            book.getTags().add("classic");
            s.persist(book);
            s.persist(new Book(2L, "isbn-2", "Emma", 1));
            s.persist(new Country("FR", "France"));
            s.persist(new Currency("EUR", "€"));
        });
    }

    @AfterAll
    static void stop() {
        sf.close();
    }

    @BeforeEach
    void clear() {
        sf.getCache().evictAllRegions();
        stats = sf.getStatistics();
        stats.clear();
    }

    @Test
    void find_secondSession_hitsTheEntityCache() {
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Dune"));
        long statementsAfterFirst = stats.getPrepareStatementCount();

        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Dune"));

        CacheRegionStatistics region = stats.getDomainDataRegionStatistics(Book.class.getName());
        assertThat(region.getMissCount()).isEqualTo(1);
        assertThat(region.getPutCount()).isEqualTo(1);
        assertThat(region.getHitCount()).isEqualTo(1);
        assertThat(stats.getPrepareStatementCount()).isEqualTo(statementsAfterFirst);
        assertThat(region.getElementCountInMemory()).isEqualTo(1);
    }

    @Test
    void collection_secondSession_hitsTheCollectionCache() {
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTags()).containsExactlyInAnyOrder("sf", "classic"));
        long statementsAfterFirst = stats.getPrepareStatementCount();

        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTags()).containsExactlyInAnyOrder("sf", "classic"));

        CacheRegionStatistics region = stats.getDomainDataRegionStatistics(Book.class.getName() + ".tags");
        assertThat(region.getHitCount()).isEqualTo(1);
        assertThat(region.getPutCount()).isEqualTo(1);
        assertThat(stats.getCollectionLoadCount()).isEqualTo(1);
        assertThat(stats.getPrepareStatementCount()).isEqualTo(statementsAfterFirst);
    }

    /**
     * On the local tier one timestamper orders every release and every transaction, and a release takes its time
     * inside the key's transition: a load by a session that begins after the writing transaction completed is
     * cached at once (Hibernate's CollectionCacheEvictionTest and CachedQueryShallow*CollectionTest expect it), not
     * only after a clock-skew margin.
     */
    @Test
    void collection_loadedRightAfterItsUpdate_isCachedAtOnce_andServesTheNextSession() {
        for (int round = 0; round < 20; round++) {
            String tag = "round-" + round;
            sf.inTransaction(s -> s.find(Book.class, 2L).getTags().add(tag));
            stats.clear();

            sf.inSession(s -> assertThat(s.find(Book.class, 2L).getTags()).contains(tag));
            sf.inSession(s -> assertThat(s.find(Book.class, 2L).getTags()).contains(tag));

            CacheRegionStatistics region = stats.getDomainDataRegionStatistics(Book.class.getName() + ".tags");
            assertThat(region.getPutCount()).as("round %d: the load right after the update is cached", round)
                    .isEqualTo(1);
            assertThat(region.getHitCount()).as("round %d: and served to the next session", round).isEqualTo(1);
            assertThat(stats.getCollectionLoadCount()).isEqualTo(1);
        }
    }

    @Test
    void naturalId_secondSession_hitsTheNaturalIdCache() {
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Book.class).load("isbn-2").getTitle()).isEqualTo("Emma"));
        long statementsAfterFirst = stats.getPrepareStatementCount();

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Book.class).load("isbn-2").getTitle()).isEqualTo("Emma"));

        assertThat(stats.getNaturalIdCacheHitCount()).isEqualTo(1);
        assertThat(stats.getNaturalIdCachePutCount()).isGreaterThanOrEqualTo(1);
        assertThat(stats.getPrepareStatementCount()).isEqualTo(statementsAfterFirst);
    }

    @Test
    void cacheableQuery_secondRun_hitsTheQueryCache() {
        sf.inSession(s -> assertThat(titlesWithCopiesAtLeast(s, 1)).containsExactly("Dune", "Emma"));
        long statementsAfterFirst = stats.getPrepareStatementCount();

        sf.inSession(s -> assertThat(titlesWithCopiesAtLeast(s, 1)).containsExactly("Dune", "Emma"));

        assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);
        assertThat(stats.getQueryCachePutCount()).isEqualTo(1);
        assertThat(stats.getPrepareStatementCount()).isEqualTo(statementsAfterFirst);
        assertThat(stats.getQueryRegionStatistics("default-query-results-region").getElementCountInMemory())
                .isEqualTo(1);
    }

    @Test
    void readOnlyAndNonstrictEntities_secondSession_hit() {
        sf.inSession(s -> {
            s.find(Country.class, "FR");
            s.find(Currency.class, "EUR");
        });
        sf.inSession(s -> {
            assertThat(s.find(Country.class, "FR").getName()).isEqualTo("France");
            assertThat(s.find(Currency.class, "EUR").getSymbol()).isEqualTo("€");
        });

        assertThat(stats.getDomainDataRegionStatistics(Country.class.getName()).getHitCount()).isEqualTo(1);
        assertThat(stats.getDomainDataRegionStatistics(Currency.class.getName()).getHitCount()).isEqualTo(1);
        assertThat(stats.getEntityLoadCount()).isEqualTo(2);
    }

    @Test
    void cachedEntry_isHeldByReference() {
        sf.inSession(s -> s.find(Book.class, 1L));
        StrataRegionFactory factory = (StrataRegionFactory) sf.getCache().unwrap(org.hibernate.cache.spi.RegionFactory.class);
        var region = factory.regionStore().region(Book.class.getName());

        Object first = region.asJCache().get(firstKey(region));
        Object second = region.asJCache().get(firstKey(region));

        assertThat(first).isInstanceOf(CachedItem.class).isSameAs(second);
    }

    private static Object firstKey(org.stratacache.core.Region<Object, Object> region) {
        return region.asJCache().iterator().next().getKey();
    }

    private static List<String> titlesWithCopiesAtLeast(org.hibernate.Session s, int copies) {
        return s.createSelectionQuery("select b.title from Book b where b.copies >= :c order by b.title", String.class)
                .setParameter("c", copies)
                .setCacheable(true)
                .getResultList();
    }
}
