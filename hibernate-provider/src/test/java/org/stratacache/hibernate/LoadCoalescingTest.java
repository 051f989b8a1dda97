package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent misses of one key wait for one database load. A gate in the data source holds the first
 * load in the database until every other session is waiting, so the tests do not depend on timing.
 */
class LoadCoalescingTest {
    private static final int WAITERS = 6;
    private final ExecutorService threads = Executors.newFixedThreadPool(WAITERS + 2);
    private SessionFactory sf;
    private GatedDataSource dataSource;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (sf != null) {
            sf.close();
        }
    }

    private void start(String tableFragment, String coalesceWait) {
        String db = TestFactories.newDatabase();
        dataSource = new GatedDataSource(db, tableFragment);
        Map<String, Object> settings = TestFactories.settings(db);
        settings.remove("hibernate.connection.url");
        settings.put("hibernate.connection.datasource", dataSource);
        settings.put("strata.hibernate.coalesce-wait", coalesceWait);
        sf = TestFactories.build(settings, Book.class, Country.class);
        sf.inTransaction(s -> {
            s.persist(new Country("FR", "France"));
            s.persist(new Book(1L, "isbn-1", "Dune", 3));
        });
        sf.getCache().evictAllRegions();
        dataSource.resetCount();
        sf.getStatistics().clear();
    }

    @Test
    void concurrentMisses_nonstrictEntity_loadOnce() throws Exception {
        start("from country", "10s");
        dataSource.closeGate();
        Future<String> owner = threads.submit(() -> countryName("FR"));
        assertThat(dataSource.awaitHeld(10)).isTrue();

        List<Future<String>> waiters = submitAll(() -> countryName("FR"));
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer(Country.class).waitingCount() == WAITERS);
        dataSource.open();

        assertThat(owner.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        for (Future<String> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        }
        assertThat(dataSource.matchingQueries()).isEqualTo(1);
        assertThat(sf.getStatistics().getDomainDataRegionStatistics(Country.class.getName()).getHitCount())
                .isEqualTo(WAITERS);
        assertThat(coalescer(Country.class).coalescedCount()).isEqualTo(WAITERS);
    }

    @Test
    void concurrentMisses_readWriteEntity_loadOnce() throws Exception {
        start("from book", "10s");
        dataSource.closeGate();
        Future<String> owner = threads.submit(() -> bookTitle(1L));
        assertThat(dataSource.awaitHeld(10)).isTrue();

        // the waiters' sessions open after the owner's, so its READ_WRITE item is readable for them
        List<Future<String>> waiters = submitAll(() -> bookTitle(1L));
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer(Book.class).waitingCount() == WAITERS);
        dataSource.open();

        assertThat(owner.get(10, TimeUnit.SECONDS)).isEqualTo("Dune");
        for (Future<String> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("Dune");
        }
        assertThat(dataSource.matchingQueries()).isEqualTo(1);
        assertThat(sf.getStatistics().getEntityLoadCount()).isEqualTo(1);
    }

    @Test
    void invalidationDuringTheLoad_releasesTheWaitersToLoadThemselves() throws Exception {
        start("from country", "10s");
        dataSource.closeGate();
        Future<String> owner = threads.submit(() -> countryName("FR"));
        assertThat(dataSource.awaitHeld(10)).isTrue();
        List<Future<String>> waiters = submitAll(() -> countryName("FR"));
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer(Country.class).waitingCount() == WAITERS);

        sf.getCache().evictEntityData(Country.class, "FR");

        for (Future<String> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        }
        dataSource.open();
        assertThat(owner.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        assertThat(dataSource.matchingQueries()).as("the owner's load plus one per released waiter")
                .isEqualTo(1 + WAITERS);
    }

    @Test
    void missOfAnAbsentRow_doesNotBlockTheNextLoad() {
        start("from country", "200ms");

        assertThat(countryName("XX")).isNull(); // claims the key and never caches anything
        assertThat(countryName("XX")).isNull(); // waits at most 200ms, then loads itself

        assertThat(dataSource.matchingQueries()).isEqualTo(2);
    }

    @Test
    void coalesceWaitZero_turnsCoalescingOff() throws Exception {
        start("from country", "0");
        dataSource.closeGate();
        Future<String> owner = threads.submit(() -> countryName("FR"));
        assertThat(dataSource.awaitHeld(10)).isTrue();

        List<Future<String>> others = submitAll(() -> countryName("FR"));
        for (Future<String> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        }
        dataSource.open();

        assertThat(owner.get(10, TimeUnit.SECONDS)).isEqualTo("France");
        // every other session finished while the owner's load was still held: nobody waited for it (the
        // first of them to finish cached the row, so later ones may have hit)
        assertThat(dataSource.matchingQueries()).isGreaterThanOrEqualTo(2);
        assertThat(coalescer(Country.class).coalescedCount()).isZero();
    }

    private <T> List<Future<T>> submitAll(Supplier<T> work) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            futures.add(threads.submit(work::get));
        }
        return futures;
    }

    private String countryName(String code) {
        return sf.fromSession(s -> {
            Country country = s.find(Country.class, code);
            return country == null ? null : country.getName();
        });
    }

    private String bookTitle(long id) {
        return sf.fromSession(s -> s.find(Book.class, id).getTitle());
    }

    private LoadCoalescer coalescer(Class<?> entity) {
        var region = ((SessionFactoryImplementor) sf).getCache().getRegion(entity.getName());
        return ((StrataDomainDataRegion) region).storage().coalescer();
    }
}
