package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.NativeQuery;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes through Hibernate (and bulk SQL) never leave a stale entity or query result readable. */
class StalenessTest {
    private static SessionFactory sf;
    private Statistics stats;

    @BeforeAll
    static void start() {
        sf = TestFactories.build(TestFactories.newDatabase());
    }

    @AfterAll
    static void stop() {
        sf.close();
    }

    @BeforeEach
    void seed() {
        sf.inTransaction(s -> {
            s.createMutationQuery("delete from Book").executeUpdate();
            s.createMutationQuery("delete from Country").executeUpdate();
            s.persist(new Book(1L, "isbn-1", "Dune", 3));
            s.persist(new Book(2L, "isbn-2", "Emma", 1));
            s.persist(new Country("FR", "France"));
        });
        sf.getCache().evictAllRegions();
        stats = sf.getStatistics();
        stats.clear();
    }

    @Test
    void update_inOtherSession_isSeenByTheNextFind() {
        warm(1L);

        sf.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));

        long loadsBefore = stats.getEntityLoadCount();
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Dune Messiah"));
        // READ_WRITE caches the committed update itself: the next find is a hit with the new state
        assertThat(stats.getEntityLoadCount()).isEqualTo(loadsBefore);
    }

    @Test
    void update_sameSessionThenNewSession_seesTheUpdate() {
        warm(1L);

        sf.inSession(s -> {
            s.getTransaction().begin();
            Book book = s.find(Book.class, 1L);
            book.setCopies(42);
            s.getTransaction().commit();
            s.clear();
            assertThat(s.find(Book.class, 1L).getCopies()).isEqualTo(42);
        });
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getCopies()).isEqualTo(42));
    }

    @Test
    void update_rolledBack_leavesNoUncommittedStateReadable() {
        warm(1L);

        sf.inSession(s -> {
            s.getTransaction().begin();
            s.find(Book.class, 1L).setTitle("never committed");
            s.flush();
            s.getTransaction().rollback();
        });

        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Dune"));
    }

    @Test
    void delete_inOtherSession_findReturnsNothing() {
        warm(1L);

        sf.inTransaction(s -> s.remove(s.find(Book.class, 1L)));

        sf.inSession(s -> assertThat(s.find(Book.class, 1L)).isNull());
    }

    @Test
    void nonstrictUpdate_isSeenByTheNextFind() {
        sf.inSession(s -> s.find(Country.class, "FR"));

        sf.inTransaction(s -> s.find(Country.class, "FR").setName("République française"));

        sf.inSession(s -> assertThat(s.find(Country.class, "FR").getName()).isEqualTo("République française"));
    }

    @Test
    void queryCache_insertOfQueriedEntity_invalidatesTheResult() {
        assertThat(titles()).containsExactly("Dune", "Emma");

        sf.inTransaction(s -> s.persist(new Book(3L, "isbn-3", "Ulysses", 5)));

        assertThat(titles()).containsExactly("Dune", "Emma", "Ulysses");
    }

    @Test
    void queryCache_updateOfQueriedEntity_invalidatesTheResult() {
        assertThat(titles()).containsExactly("Dune", "Emma");

        sf.inTransaction(s -> s.find(Book.class, 2L).setTitle("Persuasion"));

        assertThat(titles()).containsExactly("Dune", "Persuasion");
    }

    @Test
    void queryCache_deleteOfQueriedEntity_invalidatesTheResult() {
        assertThat(titles()).containsExactly("Dune", "Emma");

        sf.inTransaction(s -> s.remove(s.find(Book.class, 1L)));

        assertThat(titles()).containsExactly("Emma");
    }

    @Test
    void queryCache_unrelatedWrite_keepsTheResult() {
        assertThat(titles()).containsExactly("Dune", "Emma");

        sf.inTransaction(s -> s.find(Country.class, "FR").setName("Gaule"));
        assertThat(titles()).containsExactly("Dune", "Emma");

        assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);
    }

    @Test
    void nativeBulkUpdate_synchronizedOnTheEntity_invalidatesQueryAndEntityCaches() {
        assertThat(titles()).containsExactly("Dune", "Emma");
        warm(1L);

        sf.inTransaction(s -> nativeUpdate(s, "update book set title = 'Children of Dune' where id = 1")
                .addSynchronizedEntityClass(Book.class)
                .executeUpdate());

        assertThat(titles()).containsExactly("Children of Dune", "Emma");
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Children of Dune"));
    }

    @Test
    void nativeBulkUpdate_synchronizedOnTheTable_invalidatesTheQueryCache() {
        assertThat(titles()).containsExactly("Dune", "Emma");

        sf.inTransaction(s -> nativeUpdate(s, "update book set title = 'Sense' where id = 2")
                .addSynchronizedQuerySpace("book")
                .executeUpdate());

        assertThat(titles()).containsExactly("Dune", "Sense");
    }

    @Test
    void nativeBulkUpdate_withoutSynchronization_invalidatesEverything() {
        // Hibernate cannot tell what unsynchronized native SQL touched: it invalidates every query space
        // and evicts every entity and collection region
        assertThat(titles()).containsExactly("Dune", "Emma");
        warm(1L);

        sf.inTransaction(s -> s.createNativeMutationQuery("update book set title = 'Heretics of Dune' where id = 1")
                .executeUpdate());

        assertThat(titles()).containsExactly("Emma", "Heretics of Dune");
        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getTitle()).isEqualTo("Heretics of Dune"));
    }

    @Test
    void hqlBulkUpdate_evictsTheEntityRegion() {
        warm(1L);

        sf.inTransaction(s -> s.createMutationQuery("update Book set copies = 99").executeUpdate());

        sf.inSession(s -> assertThat(s.find(Book.class, 1L).getCopies()).isEqualTo(99));
    }

    /** createNativeMutationQuery returns a NativeQuery, whose synchronization methods name what it writes. */
    private static NativeQuery<?> nativeUpdate(Session s, String sql) {
        return (NativeQuery<?>) s.createNativeMutationQuery(sql);
    }

    private static void warm(long id) {
        sf.inSession(s -> s.find(Book.class, id));
        sf.inSession(s -> s.find(Book.class, id));
    }

    private static List<String> titles() {
        return sf.fromSession(StalenessTest::titleQuery);
    }

    private static List<String> titleQuery(Session s) {
        return s.createSelectionQuery("select b.title from Book b order by b.title", String.class)
                .setCacheable(true)
                .getResultList();
    }
}
