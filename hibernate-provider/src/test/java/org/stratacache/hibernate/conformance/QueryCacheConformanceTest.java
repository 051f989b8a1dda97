package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;

import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.stat.QueryStatistics;
import org.junit.jupiter.api.Test;

/**
 * The query cache: scalar and entity results, parameters, the shallow layout (ids, entities from their regions)
 * and the full one (whole state in the query cache), join fetches of cached collections and of associations
 * below them, entities whose cached collections are read after a cached query, and invalidation by a write to a
 * table the query reads — and not by a write to one it does not read. Covers the behaviours of Hibernate's
 * {@code QueryCacheTest} (hits per parameter, invalidation by insert/update/delete, scalar results),
 * {@code CachedQueryShallowTest}/{@code CachedQueryTest} (shallow entity results, resolution from the entity
 * region after the query hit), {@code CachedQueryShallowCollectionTest} and
 * {@code CachedQueryShallowWithCollectionTest} (a cached query join fetching a cached collection of an uncached
 * owner: 0 SQL and one collection hit per owner on the second run; misses and puts after the collection region
 * is evicted), {@code CachedQueryShallowCollectionNestedJoinFetchTest} (the nested to-one fetched too) and
 * {@code QueryCacheJoinFetchTest} and {@code StructuredQueryCacheTest} (cached queries with join fetches over a
 * structured entity cache).
 */
class QueryCacheConformanceTest extends ConformanceTestBase {
    static final String TITLES = "select n.title from Novel n where n.author.id = :author order by n.title";
    static final String MEMBER_NAMES = "select m.name from Member m order by m.id";
    static final String AUTHORS = "select a from Author a order by a.id";
    static final String TARIFFS = "select t from Tariff t order by t.id";
    static final String MANAGERS_WITH_STAFF = "select m from Manager m left join fetch m.staff order by m.id";
    static final String MANAGERS_STAFF_DESKS =
            "select m from Manager m left join fetch m.staff c left join fetch c.desk order by m.id";
    static final String STAFF = Manager.class.getName() + ".staff";
    static final String NOVELS = Author.class.getName() + ".novels";

    @Test
    void scalarResults_areCachedPerParameterValue() {
        assertThat(titles(1)).containsExactly("The Hobbit", "The Silmarillion");
        assertThat(titles(2)).containsExactly("Emma");
        long before = statements();

        assertThat(titles(1)).containsExactly("The Hobbit", "The Silmarillion");
        assertThat(titles(2)).containsExactly("Emma");

        assertThat(statements()).isEqualTo(before);
        assertThat(query(TITLES).getCachePutCount()).isEqualTo(2);
        assertThat(query(TITLES).getCacheMissCount()).isEqualTo(2);
        assertThat(query(TITLES).getCacheHitCount()).isEqualTo(2);
        assertThat(query(TITLES).getExecutionCount()).as("SQL executions").isEqualTo(2);
    }

    @Test
    void shallowEntityResults_hitResolvesFromTheEntityRegion_thenFromTheDatabaseOnceEvicted() {
        assertThat(authorNames()).containsExactly("Tolkien", "Austen");
        assertThat(region(Author.class).getPutCount()).isEqualTo(2);
        long before = statements();

        assertThat(authorNames()).containsExactly("Tolkien", "Austen");
        assertThat(statements()).isEqualTo(before);
        assertThat(query(AUTHORS).getCacheHitCount()).isEqualTo(1);
        assertThat(region(Author.class).getHitCount()).as("shallow: ids in the query cache").isEqualTo(2);

        sf.getCache().evictEntityData(Author.class);
        stats.clear();
        assertThat(authorNames()).containsExactly("Tolkien", "Austen");
        assertThat(query(AUTHORS).getCacheHitCount()).isEqualTo(1);
        assertThat(query(AUTHORS).getExecutionCount()).isZero();
        assertThat(region(Author.class).getMissCount()).isEqualTo(2);
        assertThat(statements()).as("the entities themselves come from the database").isPositive();
    }

    @Test
    void fullLayoutEntityResults_hitNeedsNeitherTheEntityRegionNorTheDatabase() {
        assertThat(tariffs()).containsExactly("north=250", "south=300");
        sf.getCache().evictEntityData(Tariff.class);
        stats.clear();

        assertThat(tariffs()).containsExactly("north=250", "south=300");

        assertThat(statements()).isZero();
        assertThat(query(TARIFFS).getCacheHitCount()).isEqualTo(1);
        assertThat(region(Tariff.class).getMissCount()).as("full: state in the query cache").isZero();
        assertThat(region(Tariff.class).getHitCount()).isZero();
    }

    @Test
    void joinFetchOfACachedCollection_secondRunHitsTheCollectionRegion_andRefillsItOnceEvicted() {
        managers(MANAGERS_WITH_STAFF, m -> { });
        assertThat(query(MANAGERS_WITH_STAFF).getCachePutCount()).isEqualTo(1);
        assertThat(region(STAFF).getPutCount()).isEqualTo(MANAGERS);
        stats.clear();

        managers(MANAGERS_WITH_STAFF, m -> { });
        assertThat(query(MANAGERS_WITH_STAFF).getExecutionCount()).isZero();
        assertThat(statements()).as("only the uncached clerks, by the ids the collection entries hold")
                .isEqualTo(MANAGERS);
        assertThat(query(MANAGERS_WITH_STAFF).getCacheHitCount()).isEqualTo(1);
        assertThat(region(STAFF).getHitCount()).isEqualTo(MANAGERS);
        assertThat(region(STAFF).getMissCount()).isZero();

        sf.getCache().evictCollectionData();
        stats.clear();
        managers(MANAGERS_WITH_STAFF, m -> { });
        assertThat(query(MANAGERS_WITH_STAFF).getCacheHitCount()).as("the query entry survives").isEqualTo(1);
        assertThat(query(MANAGERS_WITH_STAFF).getExecutionCount()).isZero();
        assertThat(region(STAFF).getMissCount()).isEqualTo(MANAGERS);
        assertThat(region(STAFF).getPutCount()).isEqualTo(MANAGERS);

        sf.getCache().evictCollectionData();
        sf.getCache().evictQueryRegions();
        stats.clear();
        managers(MANAGERS_WITH_STAFF, m -> { });
        assertThat(query(MANAGERS_WITH_STAFF).getCacheMissCount()).isEqualTo(1);
        assertThat(query(MANAGERS_WITH_STAFF).getCachePutCount()).isEqualTo(1);
        assertThat(region(STAFF).getPutCount()).isEqualTo(MANAGERS);
    }

    @Test
    void nestedJoinFetch_secondRunInitialisesTheNestedAssociation_withoutRunningTheQuery() {
        managers(MANAGERS_STAFF_DESKS, m -> { });
        stats.clear();

        managers(MANAGERS_STAFF_DESKS, m -> m.staff.forEach(c -> {
            assertThat(Hibernate.isInitialized(c.desk)).as("desk of " + c.name).isTrue();
            assertThat(Hibernate.unproxy(c.desk, Desk.class).label).isEqualTo("Desk" + m.id);
        }));

        assertThat(query(MANAGERS_STAFF_DESKS).getExecutionCount()).isZero();
        assertThat(query(MANAGERS_STAFF_DESKS).getCacheHitCount()).isEqualTo(1);
        assertThat(region(STAFF).getHitCount()).isEqualTo(MANAGERS);
    }

    @Test
    void cachedEntityResults_theirCachedCollections_areServedFromTheCollectionRegion() {
        sf.inSession(s -> cached(s, AUTHORS, Author.class).forEach(a -> Hibernate.initialize(a.novels)));
        stats.clear();

        sf.inSession(s -> {
            List<Author> authors = cached(s, AUTHORS, Author.class);
            assertThat(authors.get(0).novels).extracting(n -> n.title)
                    .containsExactlyInAnyOrder("The Hobbit", "The Silmarillion");
            assertThat(authors.get(1).novels).extracting(n -> n.title).containsExactly("Emma");
        });

        assertThat(statements()).isZero();
        assertThat(region(NOVELS).getHitCount()).isEqualTo(2);
        assertThat(region(Novel.class).getHitCount()).isEqualTo(3);
    }

    @Test
    void insertIntoAReadTable_invalidatesTheQuery_butNotOneOverAnotherTable() {
        warmTitlesAndMembers();

        sf.inTransaction(s -> s.persist(new Novel(13L, "Unfinished Tales", s.find(Author.class, 1L))));

        assertFresh(List.of("The Hobbit", "The Silmarillion", "Unfinished Tales"));
    }

    @Test
    void updateOfAReadTable_invalidatesTheQuery_butNotOneOverAnotherTable() {
        warmTitlesAndMembers();

        sf.inTransaction(s -> s.find(Novel.class, 12L).title = "Silmarillion");

        assertFresh(List.of("Silmarillion", "The Hobbit"));
    }

    @Test
    void deleteFromAReadTable_invalidatesTheQuery_butNotOneOverAnotherTable() {
        warmTitlesAndMembers();

        sf.inTransaction(s -> s.remove(s.find(Novel.class, 11L)));

        assertFresh(List.of("The Silmarillion"));
    }

    private void warmTitlesAndMembers() {
        titles(1);
        memberNames();
        tier.settle(sf); // the reads above wrote nothing; settle only orders this test's write after them
        stats.clear();
    }

    /** The query over the written table returns what the database holds; the other one is still a hit. */
    private void assertFresh(List<String> expectedTitles) {
        stats.clear();
        assertThat(titles(1)).containsExactlyElementsOf(expectedTitles);
        assertThat(query(TITLES).getCacheHitCount()).as("stale query served").isZero();
        assertThat(query(TITLES).getExecutionCount()).isEqualTo(1);

        assertThat(memberNames()).containsExactly("Ada", "Alan");
        assertThat(query(MEMBER_NAMES).getCacheHitCount()).as("query over an unwritten table").isEqualTo(1);
        assertThat(query(MEMBER_NAMES).getExecutionCount()).isZero();

        tier.settle(sf);
        titles(1);
        stats.clear();
        assertThat(titles(1)).containsExactlyElementsOf(expectedTitles);
        assertThat(query(TITLES).getCacheHitCount()).as("cached again once settled").isEqualTo(1);
    }

    private List<String> titles(long author) {
        return sf.fromSession(s -> s.createSelectionQuery(TITLES, String.class).setParameter("author", author)
                .setCacheable(true).getResultList());
    }

    private List<String> memberNames() {
        return sf.fromSession(s -> cached(s, MEMBER_NAMES, String.class));
    }

    private List<String> authorNames() {
        return sf.fromSession(s -> cached(s, AUTHORS, Author.class).stream().map(a -> a.name).toList());
    }

    private List<String> tariffs() {
        return sf.fromSession(s -> cached(s, TARIFFS, Tariff.class).stream().map(t -> t.zone + "=" + t.cents)
                .toList());
    }

    /** Runs a cached manager query and checks every manager, its one clerk, and what {@code check} adds. */
    private void managers(String hql, Consumer<Manager> check) {
        sf.inSession(s -> {
            List<Manager> managers = cached(s, hql, Manager.class);
            assertThat(managers).extracting(m -> m.name)
                    .containsExactly("Manager1", "Manager2", "Manager3", "Manager4");
            for (Manager m : managers) {
                assertThat(Hibernate.isInitialized(m.staff)).isTrue();
                assertThat(m.staff).extracting(c -> c.name).containsExactly("Clerk" + m.id * 10);
                check.accept(m);
            }
        });
    }

    private static <T> List<T> cached(Session s, String hql, Class<T> type) {
        return s.createSelectionQuery(hql, type).setCacheable(true).getResultList();
    }

    private QueryStatistics query(String hql) {
        return stats.getQueryStatistics(hql);
    }
}
