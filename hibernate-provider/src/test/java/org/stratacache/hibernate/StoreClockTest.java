package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;
import org.stratacache.core.tier.local.LocalTier;

/**
 * Hibernate's cache timestamps (session caching timestamps, update timestamps, soft-lock times) come from
 * the store's clock — {@link RegionStore#currentTimeMillis()}, the cluster time on the distributed tier —
 * not from the JVM's. Shown with a tier whose clock runs an hour ahead of this JVM's.
 */
class StoreClockTest {
    private static final long SKEW_MILLIS = Duration.ofHours(1).toMillis();
    private static final long TOLERANCE_MILLIS = Duration.ofSeconds(30).toMillis();

    private SkewedTier tier;
    private RegionStore store;
    private SessionFactory sessionFactory;

    @BeforeEach
    void start() {
        tier = new SkewedTier(new LocalTier(), SKEW_MILLIS);
        store = RegionStore.builder().name("skewed-clock").tier(tier).build();
        sessionFactory = TestFactories.build(TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "hibernate.cache.region.factory_class", new StrataRegionFactory(store)));
    }

    @AfterEach
    void stop() {
        sessionFactory.close();
        store.close();
        tier.close(); // a tier handed to the builder stays the caller's
    }

    @Test
    void nextTimestamp_followsTheStoresClock() {
        long timestamp = regionFactory().nextTimestamp();

        assertNearSkewedNow(timestamp);
    }

    @Test
    void sessionCachingTimestamp_followsTheStoresClock() {
        sessionFactory.inSession(s -> assertNearSkewedNow(((SharedSessionContractImplementor) s)
                .getCacheTransactionSynchronization().getCachingTimestamp()));
    }

    @Test
    void updateTimestamp_ofAWrittenTable_followsTheStoresClock() {
        sessionFactory.inTransaction(s -> s.persist(new Book(1L, "isbn-1", "Dune", 3)));

        Object stamp = store.region("default-update-timestamps-region").get("book");
        assertThat(stamp).isInstanceOf(Long.class);
        assertNearSkewedNow((Long) stamp);
    }

    @Test
    void nextTimestamp_neverGoesBackwards() {
        StrataRegionFactory factory = regionFactory();
        long previous = factory.nextTimestamp();
        for (int i = 0; i < 10_000; i++) {
            long next = factory.nextTimestamp();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    private StrataRegionFactory regionFactory() {
        return (StrataRegionFactory) sessionFactory.unwrap(SessionFactoryImplementor.class).getCache()
                .getRegionFactory();
    }

    private static void assertNearSkewedNow(long timestamp) {
        long millis = timestamp >> Timestamper.SHIFT;
        long skewedNow = System.currentTimeMillis() + SKEW_MILLIS;
        assertThat(millis).as("timestamp in store-clock milliseconds").isBetween(skewedNow - TOLERANCE_MILLIS,
                skewedNow + TOLERANCE_MILLIS);
    }

    /** A local tier whose clock is {@code skewMillis} ahead of the JVM's, standing in for a cluster clock. */
    private record SkewedTier(LocalTier delegate, long skewMillis) implements Tier {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public <K, V> TierCache<K, V> createCache(String regionName, RegionSettings settings, TierListener listener) {
            return delegate.createCache(regionName, settings, listener);
        }

        @Override
        public TagVersions tagVersions() {
            return delegate.tagVersions();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis() + skewMillis;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
