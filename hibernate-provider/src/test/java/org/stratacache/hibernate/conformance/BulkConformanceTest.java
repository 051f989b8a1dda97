package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hibernate.Cache;
import org.hibernate.stat.QueryStatistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk updates and deletes in HQL and native SQL: what Hibernate evicts (the regions of the tables a statement
 * touches, and the collections whose elements live there; everything when a native statement names no query
 * space), which cached queries go stale, and that the next read is fresh — never the cached value. Covers the
 * behaviours of Hibernate's {@code hql/BulkManipulationTest} (with the cache on: bulk HQL update/delete and the
 * regions it clears), {@code sql/syncSpace/NativeQuerySyncSpaceCachingTest} and
 * {@code query/sql/SynchronizedSpaceTests} (native statements with {@code addSynchronizedEntityClass},
 * {@code addSynchronizedQuerySpace}, and none) and {@code querycache/QueryCacheTest}'s invalidation by bulk
 * writes.
 */
class BulkConformanceTest extends ConformanceTestBase {
    static final String TITLES = "select n.title from Novel n order by n.id";
    static final String MEMBER_NAMES = "select m.name from Member m order by m.id";
    static final String NOVELS = Author.class.getName() + ".novels";

    private Cache cache;

    /** Caches Novel 11, Author 1 with its novels, Member 1, and both queries; then orders the test's write after. */
    @BeforeEach
    void warm() {
        cache = sf.getCache();
        sf.inSession(s -> {
            // the author first: found after its novel, it would be the novel's proxy, whose fields are not its state
            s.find(Author.class, 1L).novels.size();
            s.find(Novel.class, 11L);
            s.find(Member.class, 1L);
        });
        titles();
        memberNames();
        assertThat(cache.containsEntity(Novel.class, 11L)).isTrue();
        assertThat(cache.containsCollection(NOVELS, 1L)).isTrue();
        assertThat(cache.containsEntity(Member.class, 1L)).isTrue();
        tier.settle(sf);
        stats.clear();
    }

    @Test
    void hqlUpdate_evictsTheTablesRegions_andItsQueriesGoStale_otherRegionsStay() {
        int updated = sf.fromTransaction(s -> s.createMutationQuery("update Novel set title = upper(title)")
                .executeUpdate());
        assertThat(updated).isEqualTo(3);

        assertThat(cache.containsEntity(Novel.class, 11L)).isFalse();
        assertThat(cache.containsCollection(NOVELS, 1L)).as("collection of Novel elements").isFalse();
        assertThat(cache.containsEntity(Author.class, 1L)).isTrue();
        assertThat(cache.containsEntity(Member.class, 1L)).isTrue();
        assertNovelsFresh(List.of("THE HOBBIT", "THE SILMARILLION", "EMMA"));
        assertMembersStillCached();
    }

    @Test
    void hqlDelete_evictsTheTablesRegions_andNoDeletedRowIsServed() {
        sf.inTransaction(s -> s.createMutationQuery("delete from Novel n where n.author.id = 1").executeUpdate());

        assertThat(cache.containsEntity(Novel.class, 11L)).isFalse();
        assertThat(cache.containsCollection(NOVELS, 1L)).isFalse();
        sf.inSession(s -> assertThat(s.find(Novel.class, 11L)).isNull());
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).isEmpty());
        assertNovelsFresh(List.of("Emma"));
        assertMembersStillCached();
    }

    @Test
    void nativeUpdate_withSynchronizedEntityClass_invalidatesOnlyThatEntitysRegionsAndQueries() {
        sf.inTransaction(s -> s.createNativeQuery("update cf_novel set title = 'Hobbit' where id = 11")
                .addSynchronizedEntityClass(Novel.class).executeUpdate());

        assertThat(cache.containsEntity(Novel.class, 11L)).isFalse();
        assertThat(cache.containsEntity(Author.class, 1L)).isTrue();
        assertThat(cache.containsEntity(Member.class, 1L)).isTrue();
        assertNovelsFresh(List.of("Hobbit", "The Silmarillion", "Emma"));
        assertMembersStillCached();
    }

    @Test
    void nativeUpdate_withSynchronizedQuerySpace_invalidatesOnlyThatTablesRegionsAndQueries() {
        sf.inTransaction(s -> s.createNativeQuery("update cf_member set name = 'Lovelace' where id = 1")
                .addSynchronizedQuerySpace("cf_member").executeUpdate());

        assertThat(cache.containsEntity(Member.class, 1L)).isFalse();
        assertThat(cache.containsEntity(Novel.class, 11L)).isTrue();
        assertThat(cache.containsCollection(NOVELS, 1L)).isTrue();
        sf.inSession(s -> assertThat(s.find(Member.class, 1L).name).isEqualTo("Lovelace"));
        stats.clear();
        assertThat(memberNames()).containsExactly("Lovelace", "Alan");
        assertThat(query(MEMBER_NAMES).getCacheHitCount()).as("stale query served").isZero();
        assertThat(titles()).containsExactly("The Hobbit", "The Silmarillion", "Emma");
        assertThat(query(TITLES).getCacheHitCount()).as("query over an unwritten table").isEqualTo(1);
    }

    @Test
    void nativeUpdate_withoutQuerySpaces_invalidatesEverything() {
        sf.inTransaction(s -> s.createNativeMutationQuery("update cf_member set name = 'Lovelace' where id = 1")
                .executeUpdate());

        assertThat(cache.containsEntity(Member.class, 1L)).isFalse();
        assertThat(cache.containsEntity(Novel.class, 11L)).isFalse();
        assertThat(cache.containsEntity(Author.class, 1L)).isFalse();
        assertThat(cache.containsCollection(NOVELS, 1L)).isFalse();
        sf.inSession(s -> assertThat(s.find(Member.class, 1L).name).isEqualTo("Lovelace"));
        stats.clear();
        assertThat(memberNames()).containsExactly("Lovelace", "Alan");
        assertThat(titles()).containsExactly("The Hobbit", "The Silmarillion", "Emma");
        assertThat(stats.getQueryCacheHitCount()).as("every query is stale").isZero();
    }

    @Test
    void nativeDelete_withSynchronizedEntityClass_noDeletedRowIsServed() {
        sf.inTransaction(s -> s.createNativeQuery("delete from cf_novel where id = 11")
                .addSynchronizedEntityClass(Novel.class).executeUpdate());

        sf.inSession(s -> assertThat(s.find(Novel.class, 11L)).isNull());
        sf.inSession(s -> assertThat(s.find(Author.class, 1L).novels).extracting(n -> n.title)
                .containsExactly("The Silmarillion"));
        assertNovelsFresh(List.of("The Silmarillion", "Emma"));
    }

    /** Novel 11 and the titles query come from the database; once settled, the query is cached again. */
    private void assertNovelsFresh(List<String> titles) {
        stats.clear();
        assertThat(titles()).containsExactlyElementsOf(titles);
        assertThat(query(TITLES).getCacheHitCount()).as("stale query served").isZero();
        sf.inSession(s -> {
            Novel novel = s.find(Novel.class, 11L);
            if (novel != null) {
                assertThat(novel.title).isEqualTo(titles.get(0));
            }
        });

        tier.settle(sf);
        titles();
        stats.clear();
        assertThat(titles()).containsExactlyElementsOf(titles);
        assertThat(query(TITLES).getCacheHitCount()).as("cached again once settled").isEqualTo(1);
    }

    private void assertMembersStillCached() {
        stats.clear();
        assertThat(memberNames()).containsExactly("Ada", "Alan");
        assertThat(query(MEMBER_NAMES).getCacheHitCount()).as("query over an unwritten table").isEqualTo(1);
    }

    private List<String> titles() {
        return sf.fromSession(s -> s.createSelectionQuery(TITLES, String.class).setCacheable(true).getResultList());
    }

    private List<String> memberNames() {
        return sf.fromSession(s -> s.createSelectionQuery(MEMBER_NAMES, String.class).setCacheable(true)
                .getResultList());
    }

    private QueryStatistics query(String hql) {
        return stats.getQueryStatistics(hql);
    }
}
