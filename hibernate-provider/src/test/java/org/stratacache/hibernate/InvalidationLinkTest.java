package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.invalidation.TableTags;

/**
 * The Hibernate provider's end of the invalidation bus, on H2 with a bus that records what is published and
 * lets the test deliver what "another JVM" sent: what a transaction changed goes out as table tags when (and only
 * if) it commits; a table tag evicts the regions that read the table and makes cached queries over it stale;
 * while the bus is not trusted nothing is served from the cache. The same over two JVMs on PostgreSQL:
 * {@link CrossJvmHibernateTest}.
 */
class InvalidationLinkTest {
    private SessionFactory sf;
    private RecordingBus bus;
    private Statistics stats;

    private void start(boolean queryCache, boolean inTransaction) {
        Map<String, Object> settings = TestFactories.settings(TestFactories.newDatabase());
        settings.put("hibernate.cache.use_query_cache", Boolean.toString(queryCache));
        sf = TestFactories.build(settings);
        bus = new RecordingBus(inTransaction);
        factory().invalidationLink().attach(bus);
        sf.inTransaction(s -> {
            Book dune = new Book(1L, "isbn-1", "Dune", 3);
            dune.getTags().add("sf");
            s.persist(dune);
            s.persist(new Book(2L, "isbn-2", "Emma", 1));
            s.persist(new Country("FR", "France"));
        });
        sf.getCache().evictAllRegions();
        bus.clear();
        stats = sf.getStatistics();
        stats.clear();
    }

    @AfterEach
    void stop() {
        if (sf != null) {
            sf.close();
        }
    }

    private StrataRegionFactory factory() {
        return (StrataRegionFactory) sf.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }

    // ---- sending ------------------------------------------------------------------------------------

    @Test
    void entityUpdate_publishesItsTable_afterTheCommit() {
        start(true, false);
        sf.inSession(s -> {
            s.getTransaction().begin();
            s.find(Book.class, 1L).setTitle("Dune Messiah");
            s.flush();
            assertThat(bus.published).as("nothing before the commit").isEmpty();
            s.getTransaction().commit();
        });
        assertThat(bus.published).containsExactly(List.of("jdbc:table:book"));
    }

    @Test
    void entityUpdate_publishesInsideTheTransaction_whenTheBusCan() {
        start(true, true);
        sf.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        assertThat(bus.inTransaction).containsExactly(List.of("jdbc:table:book"));
        assertThat(bus.published).as("nothing left for after the commit").isEmpty();
    }

    @Test
    void rollback_publishesNothing() {
        start(true, false);
        sf.inSession(s -> {
            s.getTransaction().begin();
            s.find(Book.class, 1L).setTitle("never");
            s.flush();
            s.getTransaction().rollback();
        });
        assertThat(bus.published).isEmpty();
    }

    @Test
    void entityUpdate_withTheQueryCacheOff_isPublishedFromTheEntityRegion() {
        start(false, false);
        sf.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        sf.inTransaction(s -> s.find(Country.class, "FR").setName("République française"));
        assertThat(bus.published).containsExactly(List.of("jdbc:table:book"), List.of("jdbc:table:country"));
    }

    @Test
    void collectionChange_publishesTheCollectionTable() {
        start(false, false);
        sf.inTransaction(s -> s.find(Book.class, 1L).getTags().add("classic"));
        assertThat(bus.published).containsExactly(List.of("jdbc:table:book_tag"));
    }

    @Test
    void bulkUpdate_publishesTheTable() {
        start(true, false);
        sf.inTransaction(s -> s.createMutationQuery("update Country set name = 'x'").executeUpdate());
        assertThat(bus.published).containsExactly(List.of("jdbc:table:country"));
    }

    // ---- receiving ----------------------------------------------------------------------------------

    @Test
    void tableTag_evictsTheRegionsReadingIt_andMakesQueriesOverItStale() {
        start(true, false);
        warm();
        long entityLoads = stats.getEntityLoadCount();
        long collectionLoads = stats.getCollectionLoadCount();
        long queryMisses = stats.getQueryCacheMissCount();

        factory().invalidationLink().invalidated(List.of("jdbc:table:book"));

        warm();
        assertThat(stats.getEntityLoadCount()).as("Book loaded again").isEqualTo(entityLoads + 1);
        assertThat(stats.getCollectionLoadCount()).as("book_tag not touched").isEqualTo(collectionLoads);
        assertThat(stats.getQueryCacheMissCount()).as("query over book stale").isEqualTo(queryMisses + 1);
    }

    @Test
    void tableTag_ofATableNothingReads_evictsNothing() {
        start(true, false);
        warm();
        long entityLoads = stats.getEntityLoadCount();
        long queryHits = stats.getQueryCacheHitCount();

        factory().invalidationLink().invalidated(List.of("jdbc:table:unrelated", "some-other-tag"));

        warm();
        assertThat(stats.getEntityLoadCount()).isEqualTo(entityLoads);
        assertThat(stats.getQueryCacheHitCount()).isEqualTo(queryHits + 1);
    }

    @Test
    void everything_evictsEveryRegion() {
        start(true, false);
        warm();
        long entityLoads = stats.getEntityLoadCount();
        long collectionLoads = stats.getCollectionLoadCount();
        long queryMisses = stats.getQueryCacheMissCount();

        factory().invalidationLink().invalidated(List.of("jdbc:all"));

        warm();
        assertThat(stats.getEntityLoadCount()).isEqualTo(entityLoads + 1);
        assertThat(stats.getCollectionLoadCount()).isEqualTo(collectionLoads + 1);
        assertThat(stats.getQueryCacheMissCount()).isEqualTo(queryMisses + 1);
    }

    @Test
    void loadByATransactionThatBeganBeforeTheRemoteWrite_isNotCached() {
        start(true, false);
        sf.inSession(s -> {
            s.getTransaction().begin();
            factory().invalidationLink().invalidated(List.of("jdbc:table:book"));
            s.find(Book.class, 2L); // may have read the row before the other JVM's commit
            s.getTransaction().commit();
        });
        long loads = stats.getEntityLoadCount();
        sf.inSession(s -> s.find(Book.class, 2L));
        assertThat(stats.getEntityLoadCount()).as("not cached by the earlier transaction").isEqualTo(loads + 1);
        sf.inSession(s -> s.find(Book.class, 2L));
        assertThat(stats.getEntityLoadCount()).as("cached by the later one").isEqualTo(loads + 1);
    }

    // ---- doubt means stale ----------------------------------------------------------------------------

    @Test
    void untrustedBus_servesNothingAndCachesNothing() {
        start(true, false);
        warm();
        bus.trusted = false;
        long loads = stats.getEntityLoadCount();
        long queryMisses = stats.getQueryCacheMissCount();

        warm();
        warm();

        assertThat(stats.getEntityLoadCount()).isEqualTo(loads + 2);
        assertThat(stats.getQueryCacheMissCount()).isEqualTo(queryMisses + 2);
        assertThat(factory().busDownMisses()).isPositive();

        bus.trusted = true;
        factory().invalidationLink().invalidateAll(); // what the bus does when it listens again
        warm();
        warm();
        assertThat(stats.getEntityLoadCount()).as("loaded once more, then cached").isEqualTo(loads + 3);
    }

    @Test
    void h2InMemory_hasNoBus() {
        sf = TestFactories.build(TestFactories.newDatabase());
        assertThat(factory().invalidationLink().describe()).startsWith("off");
        assertThat(factory().invalidationStatistics()).isEqualTo(InvalidationStats.NONE);
    }

    @Test
    void tableTags_areBareLowerCaseNames() {
        assertThat(TableTags.table("Book")).isEqualTo("book");
        assertThat(TableTags.table("public.book")).isEqualTo("book");
        assertThat(TableTags.table("cat.\"Sales\".\"Order.Line\"")).isEqualTo("order.line");
        assertThat(TableTags.table("`Book`")).isEqualTo("book");
        assertThat(TableTags.table("[dbo].[Book]")).isEqualTo("book");
        assertThat(TableTags.tableOf("jdbc:table:book")).isEqualTo("book");
        assertThat(TableTags.tableOf("jdbc:all")).isNull();
    }

    /** Reads Book 1 with its tags and runs one cached query over book. */
    private void warm() {
        sf.inSession(s -> {
            s.find(Book.class, 1L).getTags().size();
            s.createSelectionQuery("select b.title from Book b where b.id = 2", String.class).setCacheable(true)
                    .getResultList();
        });
    }

    /** A bus that records what would be sent and can be made untrusted. */
    private static final class RecordingBus implements InvalidationBus {
        final List<List<String>> published = new ArrayList<>();
        final List<List<String>> inTransaction = new ArrayList<>();
        private final boolean canPublishInTransaction;
        volatile boolean trusted = true;

        RecordingBus(boolean canPublishInTransaction) {
            this.canPublishInTransaction = canPublishInTransaction;
        }

        void clear() {
            published.clear();
            inTransaction.clear();
        }

        @Override
        public synchronized void publish(Collection<String> tags) {
            published.add(List.copyOf(tags));
        }

        @Override
        public synchronized boolean publishInTransaction(Connection connection, Collection<String> tags) {
            if (canPublishInTransaction) {
                inTransaction.add(List.copyOf(tags));
            }
            return canPublishInTransaction;
        }

        @Override
        public boolean trusted() {
            return trusted;
        }

        @Override
        public InvalidationStats stats() {
            return InvalidationStats.NONE;
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }
}
