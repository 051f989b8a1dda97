package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.CacheRegionStatistics;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's statistics per region after a known sequence of reads and writes: entity, collection, natural-id
 * and query-results regions (the default one and a named one), each region counting only what happened in it,
 * and the totals agreeing with the regions. Covers the behaviours of Hibernate's {@code stats/StatsTest} and
 * {@code stats/SessionStatsTest} (second-level-cache and query-cache counters), {@code cache/CacheRegionStatisticsTest}
 * (statistics of the default query-results region), the natural-id counters checked by
 * {@code NaturalIdConformanceTest}'s upstream tests, and the per-region parts of {@code querycache/QueryCacheTest}.
 */
class StatisticsConformanceTest extends ConformanceTestBase {
    static final String DEFAULT_QUERY_REGION = "default-query-results-region";
    static final String NAMED_QUERY_REGION = "cf-member-names";
    static final String TITLES = "select n.title from Novel n where n.author.id = :author order by n.title";

    @Test
    void entityRegion_countsHitsMissesAndPuts_andTheTotalsAgree() {
        sf.inSession(s -> s.find(Member.class, 1L)); // miss, put
        sf.inSession(s -> s.find(Member.class, 1L)); // hit
        sf.inSession(s -> s.find(Member.class, 2L)); // miss, put
        sf.inSession(s -> assertThat(s.find(Member.class, 99L)).isNull()); // miss, nothing to put

        assertCounts(region(Member.class), 1, 3, 2);
        assertThat(region(Member.class).getElementCountInMemory()).isEqualTo(2);
        assertThat(stats.getEntityStatistics(Member.class.getName()).getCacheHitCount()).isEqualTo(1);
        assertThat(stats.getSecondLevelCacheHitCount()).isEqualTo(1);
        assertThat(stats.getSecondLevelCacheMissCount()).isEqualTo(3);
        assertThat(stats.getSecondLevelCachePutCount()).isEqualTo(2);
    }

    @Test
    void collectionRegion_countsTheCollection_andTheElementRegionItsElements() {
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(2));
        assertCounts(region(Author.class), 0, 1, 1);
        assertCounts(region(Author.class.getName() + ".novels"), 0, 1, 1);
        assertThat(region(Novel.class).getPutCount()).as("elements loaded with the collection").isEqualTo(2);
        stats.clear();

        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).hasSize(2));

        assertCounts(region(Author.class), 1, 0, 0);
        assertCounts(region(Author.class.getName() + ".novels"), 1, 0, 0);
        assertCounts(region(Novel.class), 2, 0, 0);
        assertThat(stats.getCollectionStatistics(Author.class.getName() + ".novels").getCacheHitCount())
                .isEqualTo(1);
        assertThat(statements()).isZero();
    }

    @Test
    void naturalIdRegion_countsResolutions_apartFromTheEntityRegion() {
        String naturalIdRegion = sf.unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                .getEntityDescriptor(Member.class).getNaturalIdCacheAccessStrategy().getRegion().getName();
        assertThat(naturalIdRegion).isNotEqualTo(Member.class.getName());

        sf.inSession(s -> s.bySimpleNaturalId(Member.class).load("ada@example.org"));
        assertCounts(region(naturalIdRegion), 0, 1, 1);
        stats.clear();

        sf.inSession(s -> s.bySimpleNaturalId(Member.class).load("ada@example.org"));
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Member.class).load("nobody@example.org")).isNull());

        assertCounts(region(naturalIdRegion), 1, 1, 0);
        assertThat(stats.getNaturalIdStatistics(Member.class.getName()).getCacheHitCount()).isEqualTo(1);
        assertThat(stats.getNaturalIdStatistics(Member.class.getName()).getCacheMissCount()).isEqualTo(1);
        assertThat(region(Member.class).getHitCount()).as("the entity, after the resolution hit").isEqualTo(1);
    }

    @Test
    void queryRegions_countOnlyTheirOwnQueries() {
        titles(1); // default region: miss, put
        titles(2); // miss, put
        titles(1); // hit
        memberNames(); // named region: miss, put
        memberNames(); // hit

        assertCounts(stats.getQueryRegionStatistics(DEFAULT_QUERY_REGION), 1, 2, 2);
        assertCounts(stats.getQueryRegionStatistics(NAMED_QUERY_REGION), 1, 1, 1);
        assertThat(stats.getQueryRegionStatistics(NAMED_QUERY_REGION).getElementCountInMemory()).isEqualTo(1);
        assertThat(stats.getQueryCacheHitCount()).isEqualTo(2);
        assertThat(stats.getQueryCacheMissCount()).isEqualTo(3);
        assertThat(stats.getQueryCachePutCount()).isEqualTo(3);
    }

    @Test
    void updateOfACachedEntity_countsAPutOfTheNewState_andTheNextReadHitsIt() {
        sf.inSession(s -> s.find(Member.class, 1L));
        stats.clear();

        sf.inTransaction(s -> s.find(Member.class, 1L).name = "Lovelace"); // hit, then the new state put
        tier.settle(sf);
        sf.inSession(s -> assertThat(s.find(Member.class, 1L).name).isEqualTo("Lovelace"));

        assertCounts(region(Member.class), 2, 0, 1);
        assertThat(stats.getEntityUpdateCount()).isEqualTo(1);
    }

    private void titles(long author) {
        sf.inSession(s -> s.createSelectionQuery(TITLES, String.class).setParameter("author", author)
                .setCacheable(true).getResultList());
    }

    private void memberNames() {
        sf.inSession(s -> s.createSelectionQuery("select m.name from Member m", String.class).setCacheable(true)
                .setCacheRegion(NAMED_QUERY_REGION).getResultList());
    }

    private static void assertCounts(CacheRegionStatistics region, long hits, long misses, long puts) {
        assertThat(region.getHitCount()).as(region.getRegionName() + " hits").isEqualTo(hits);
        assertThat(region.getMissCount()).as(region.getRegionName() + " misses").isEqualTo(misses);
        assertThat(region.getPutCount()).as(region.getRegionName() + " puts").isEqualTo(puts);
    }
}
