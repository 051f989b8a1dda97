package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.LockModeType;
import org.hibernate.LockMode;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

/**
 * TRANSACTIONAL entities and collections with resource-local transactions. Covers the behaviours of Hibernate's
 * {@code ForceIncrementCacheTest} (optimistic and pessimistic force increment on a versioned cached entity),
 * {@code TransactionalConcurrencyCollectionCacheEvictionTest} (a collection changed by one transaction while
 * others read it), {@code CacheModeGetUpdateTest} is in {@link CacheModeConformanceTest}, and the rollback
 * cases of {@code EntityUpdateActionTest}/{@code CacheAfterRollbackTest}-style checks.
 */
class TransactionalConformanceTest extends ConformanceTestBase {

    @Test
    void transactionalMappings_areReportedAsTransactional() {
        var metamodel = sf.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
        assertThat(metamodel.getEntityDescriptor(Account.class).getCacheAccessStrategy().getAccessType())
                .isEqualTo(AccessType.TRANSACTIONAL);
        assertThat(metamodel.getCollectionDescriptor(Author.class.getName() + ".novels").getCacheAccessStrategy()
                .getAccessType()).isEqualTo(AccessType.TRANSACTIONAL);
    }

    @Test
    void optimisticForceIncrement_cachedVersionIsTheNewOne() {
        int initial = version();

        sf.inTransaction(s -> s.lock(s.find(Account.class, 1L), LockMode.OPTIMISTIC_FORCE_INCREMENT));
        tier.settle(sf);

        assertThat(version()).isEqualTo(initial + 1);
        stats.clear();
        assertThat(version()).isEqualTo(initial + 1);
        assertThat(region(Account.class).getHitCount()).isEqualTo(1);
    }

    @Test
    void pessimisticForceIncrement_cachedVersionIsTheNewOne() {
        int initial = version();

        sf.inTransaction(s -> s.find(Account.class, 1L, LockModeType.PESSIMISTIC_FORCE_INCREMENT));
        tier.settle(sf);

        assertThat(version()).isEqualTo(initial + 1);
        sf.inTransaction(s -> s.find(Account.class, 1L).balance = 50); // a stale version would fail here
        assertThat(balance()).isEqualTo(50);
    }

    @Test
    void rolledBackUpdate_neverReachesTheCache() {
        sf.inSession(s -> s.find(Account.class, 1L));

        var tx = sf.openSession();
        tx.beginTransaction();
        tx.find(Account.class, 1L).balance = 999;
        tx.flush();
        tx.getTransaction().rollback();
        tx.close();

        assertThat(balance()).isEqualTo(100);
        assertThat(balance()).isEqualTo(100);
    }

    @Test
    void collectionChangedWhileOthersRead_readersAfterTheCommitSeeTheNewCollection() throws Exception {
        sf.inSession(s -> assertThat(s.find(Author.class, 2L).novels).hasSize(1)); // cached: [Emma]
        int readers = 4;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] running = new Future<?>[readers];
            for (int r = 0; r < readers; r++) {
                running[r] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        int size = novelsOfAusten();
                        assertThat(size).isBetween(1, 2);
                    }
                    return null;
                });
            }
            start.countDown();
            sf.inTransaction(s -> s.persist(new Novel(22L, "Persuasion", s.find(Author.class, 2L))));
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        tier.settle(sf);

        assertThat(novelsOfAusten()).isEqualTo(2);
        stats.clear();
        assertThat(novelsOfAusten()).isEqualTo(2);
        assertThat(region(Author.class.getName() + ".novels").getHitCount()).isEqualTo(1);
    }

    private int version() {
        return sf.fromSession(s -> s.find(Account.class, 1L).version);
    }

    private long balance() {
        return sf.fromSession(s -> s.find(Account.class, 1L).balance);
    }

    private int novelsOfAusten() {
        return sf.fromSession(s -> s.find(Author.class, 2L).novels.size());
    }
}
