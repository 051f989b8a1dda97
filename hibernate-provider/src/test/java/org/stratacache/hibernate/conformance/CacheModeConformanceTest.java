package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hibernate.CacheMode;
import org.junit.jupiter.api.Test;

/**
 * What each {@link CacheMode} reads from and puts into the cache. Covers the behaviours of Hibernate's
 * {@code CacheModeTest}, {@code CacheModeGetUpdateTest} (an update in a session with GET) and the cache-mode
 * parts of {@code jpa/cacheable/api/JpaCacheApiUsageTest}/{@code CachingWithSecondaryTablesTests}.
 */
class CacheModeConformanceTest extends ConformanceTestBase {

    @Test
    void normal_readsAndPuts() {
        readAuthor(CacheMode.NORMAL);
        readAuthor(CacheMode.NORMAL);

        assertThat(region(Author.class).getMissCount()).isEqualTo(1);
        assertThat(region(Author.class).getPutCount()).isEqualTo(1);
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }

    @Test
    void get_readsButNeverPutsOnLoad() {
        readAuthor(CacheMode.GET);
        assertThat(region(Author.class).getMissCount()).isEqualTo(1);
        assertThat(region(Author.class).getPutCount()).isZero();
        assertThat(sf.getCache().containsEntity(Author.class, 1L)).isFalse();

        readAuthor(CacheMode.NORMAL);
        readAuthor(CacheMode.GET);
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }

    @Test
    void put_putsButNeverReads() {
        readAuthor(CacheMode.PUT);
        assertThat(region(Author.class).getPutCount()).isEqualTo(1);
        assertThat(region(Author.class).getMissCount()).isZero();

        long before = statements();
        readAuthor(CacheMode.PUT);
        assertThat(statements()).as("PUT goes to the database even when cached").isEqualTo(before + 1);
        assertThat(region(Author.class).getHitCount()).isZero();

        readAuthor(CacheMode.NORMAL);
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }

    @Test
    void refresh_replacesAStaleEntryWithWhatTheDatabaseHolds() {
        readAuthor(CacheMode.NORMAL); // cached: "Tolkien"
        // changed behind the entity's back: the native statement names only Novel as its query space
        sf.inTransaction(s -> s.createNativeQuery(
                        "update cf_author set name = 'J.R.R. Tolkien', version = version + 1 where id = 1")
                .addSynchronizedEntityClass(Novel.class).executeUpdate());
        assertThat(readAuthor(CacheMode.NORMAL)).as("the stale entry, served").isEqualTo("Tolkien");
        tier.settle(sf);

        assertThat(readAuthor(CacheMode.REFRESH)).isEqualTo("J.R.R. Tolkien");
        stats.clear();
        assertThat(readAuthor(CacheMode.NORMAL)).isEqualTo("J.R.R. Tolkien");
        assertThat(region(Author.class).getHitCount()).isEqualTo(1);
    }

    @Test
    void ignore_neitherReadsNorPuts() {
        readAuthor(CacheMode.NORMAL);
        stats.clear();

        long before = statements();
        readAuthor(CacheMode.IGNORE);

        assertThat(statements()).isEqualTo(before + 1);
        assertThat(region(Author.class).getHitCount()).isZero();
        assertThat(region(Author.class).getMissCount()).isZero();
        assertThat(region(Author.class).getPutCount()).isZero();
    }

    @Test
    void updateInASessionWithGet_leavesNoStaleEntry() {
        readAuthor(CacheMode.NORMAL);

        sf.inTransaction(s -> {
            s.setCacheMode(CacheMode.GET);
            s.find(Author.class, 1L).name = "Ronald";
        });
        tier.settle(sf);

        assertThat(readAuthor(CacheMode.NORMAL)).isEqualTo("Ronald");
        assertThat(readAuthor(CacheMode.GET)).isEqualTo("Ronald");
    }

    @Test
    void ignore_writeStillInvalidates() {
        readAuthor(CacheMode.NORMAL);

        sf.inTransaction(s -> {
            s.setCacheMode(CacheMode.IGNORE);
            s.find(Author.class, 1L).name = "Ronald";
        });

        assertThat(readAuthor(CacheMode.GET)).isEqualTo("Ronald");
    }

    private String readAuthor(CacheMode mode) {
        return sf.fromSession(s -> {
            s.setCacheMode(mode);
            return s.find(Author.class, 1L, mode).name;
        });
    }
}
