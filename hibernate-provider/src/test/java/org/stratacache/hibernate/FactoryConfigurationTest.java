package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;
import org.stratacache.core.config.ConfigKeys;

/** Selecting the factory, building and closing its store, per-region settings and configuration errors. */
class FactoryConfigurationTest {

    @Test
    void shortName_withHibernateJCacheOnTheClassPath_selectsStrata() throws Exception {
        assertThat(Class.forName("org.hibernate.cache.jcache.internal.JCacheRegionFactory")).isNotNull();
        try (SessionFactory sf = TestFactories.build(TestFactories.newDatabase())) {
            assertThat(regionFactory(sf)).isInstanceOf(StrataRegionFactory.class);
        }
    }

    @Test
    void noFactoryNamed_withHibernateJCacheOnTheClassPath_failsAndUsersMustNameIt() {
        // two registered region factories: Hibernate refuses to guess, so docs/hibernate.md says to name Strata
        Map<String, Object> settings = TestFactories.settings(TestFactories.newDatabase());
        settings.remove("hibernate.cache.region.factory_class");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .hasStackTraceContaining("not a single registered RegionFactory");
    }

    @Test
    void className_selectsStrata() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "hibernate.cache.region.factory_class", StrataRegionFactory.class.getName());
        try (SessionFactory sf = TestFactories.build(settings, Book.class)) {
            assertThat(regionFactory(sf)).isInstanceOf(StrataRegionFactory.class);
        }
    }

    @Test
    void close_ofTheSessionFactory_closesTheStoreItBuilt() {
        SessionFactory sf = TestFactories.build(TestFactories.settings(TestFactories.newDatabase()), Book.class);
        RegionStore store = ((StrataRegionFactory) regionFactory(sf)).regionStore();
        assertThat(store.isClosed()).isFalse();

        sf.close();

        assertThat(store.isClosed()).isTrue();
    }

    @Test
    void perRegionSettings_applyToThatRegionOnly() {
        Map<String, Object> settings = TestFactories.settings(TestFactories.newDatabase());
        settings.put("strata.region." + Book.class.getName() + ".ttl", "5s");
        settings.put("strata.region." + Book.class.getName() + ".max-entries", "123");
        settings.put("strata.defaults.ttl", "2m");
        try (SessionFactory sf = TestFactories.build(settings, Book.class, Country.class)) {
            RegionStore store = ((StrataRegionFactory) regionFactory(sf)).regionStore();

            RegionSettings book = store.region(Book.class.getName()).settings();
            RegionSettings country = store.region(Country.class.getName()).settings();

            assertThat(book.ttl()).isEqualTo(Duration.ofSeconds(5));
            assertThat(book.maxEntries()).isEqualTo(123);
            assertThat(country.ttl()).isEqualTo(Duration.ofMinutes(2));
            assertThat(store.hasOwnSettings(Country.class.getName())).isFalse();
        }
    }

    @Test
    void timestampsRegion_neverExpiresNorEvicts() {
        try (SessionFactory sf = TestFactories.build(TestFactories.settings(TestFactories.newDatabase()), Book.class)) {
            RegionStore store = ((StrataRegionFactory) regionFactory(sf)).regionStore();

            RegionSettings timestamps = store.region("default-update-timestamps-region").settings();

            assertThat(timestamps.expires()).isFalse();
            assertThat(timestamps.ttl()).isEqualTo(Duration.ZERO);
            assertThat(timestamps.maxEntries()).isEqualTo(Long.MAX_VALUE);
            assertThat(timestamps.storeByValue()).isFalse();
        }
    }

    @Test
    void regionPrefix_qualifiesTheCoreRegionNames() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "hibernate.cache.region_prefix", "app1");
        try (SessionFactory sf = TestFactories.build(settings, Book.class)) {
            sf.inSession(s -> s.find(Book.class, 1L));
            RegionStore store = ((StrataRegionFactory) regionFactory(sf)).regionStore();

            assertThat(store.regionNames()).contains("app1." + Book.class.getName());
        }
    }

    @Test
    void transactionalStrategy_startsAndReportsTransactional_forEntityCollectionAndNaturalId() {
        Map<String, Object> settings = TestFactories.settings(TestFactories.newDatabase());

        try (SessionFactory sf = TestFactories.build(settings, Ledger.class)) {
            var metamodel = sf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getMappingMetamodel();
            var persister = metamodel.getEntityDescriptor(Ledger.class);
            assertThat(persister.getCacheAccessStrategy().getAccessType())
                    .isEqualTo(org.hibernate.cache.spi.access.AccessType.TRANSACTIONAL);
            assertThat(persister.getNaturalIdCacheAccessStrategy().getAccessType())
                    .isEqualTo(org.hibernate.cache.spi.access.AccessType.TRANSACTIONAL);
            assertThat(metamodel.getCollectionDescriptor(Ledger.class.getName() + ".entries")
                    .getCacheAccessStrategy().getAccessType())
                    .isEqualTo(org.hibernate.cache.spi.access.AccessType.TRANSACTIONAL);
            // the READ_WRITE protocol underneath: a second session reads the committed state from the cache
            sf.inTransaction(s -> s.persist(new Ledger(1L, "L-1")));
            sf.getStatistics().clear();
            sf.inSession(s -> assertThat(s.find(Ledger.class, 1L).code()).isEqualTo("L-1"));
            assertThat(sf.getStatistics().getDomainDataRegionStatistics(Ledger.class.getName()).getHitCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void invalidStrataValue_failsAtStartNamingTheKey() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "strata.defaults.ttl", "ten minutes");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .satisfies(e -> assertThat(cause(e, StrataConfigException.class)).isNotNull())
                .extracting(e -> cause(e, StrataConfigException.class)).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("strata.defaults.ttl")
                .hasMessageContaining("ten minutes");
    }

    @Test
    void invalidStrataValue_startFailureMessage_namesTheProblem() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "strata.defaults.max-entries", "-3");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .hasStackTraceContaining("Strata second-level cache failed to start: invalid value '-3' for "
                        + "strata.defaults.max-entries");
    }

    @Test
    void unknownStrataKey_failsAtStartWithASuggestion() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "strata.defaults.tll", "5s");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .satisfies(e -> assertThat(cause(e, StrataConfigException.class)).isNotNull())
                .extracting(e -> cause(e, StrataConfigException.class)).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("strata.defaults.tll")
                .hasMessageContaining("did you mean strata.defaults.ttl");
    }

    @Test
    void regionStoreKey_withSomethingElse_failsAtStart() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                ConfigKeys.HIBERNATE_REGION_STORE.name(), "my-store");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .satisfies(e -> assertThat(cause(e, StrataConfigException.class)).isNotNull())
                .extracting(e -> cause(e, StrataConfigException.class)).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining(ConfigKeys.HIBERNATE_REGION_STORE.name())
                .hasMessageContaining("RegionStore instance");
    }

    @Test
    void timestampsRegionSettings_failAtStart() {
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "strata.region.default-update-timestamps-region.ttl", "1m");

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .satisfies(e -> assertThat(cause(e, StrataConfigException.class)).isNotNull())
                .extracting(e -> cause(e, StrataConfigException.class)).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("must never expire");
    }

    @Test
    void closedStore_givenToTheFactory_failsAtStart() {
        RegionStore store = RegionStore.builder().build();
        store.close();
        Map<String, Object> settings = TestFactories.with(TestFactories.settings(TestFactories.newDatabase()),
                "hibernate.cache.region.factory_class", new StrataRegionFactory(store));

        assertThatThrownBy(() -> TestFactories.build(settings, Book.class))
                .rootCause()
                .hasMessageContaining("already closed");
    }

    /** The first throwable of that type in the cause chain (Hibernate wraps start failures). */
    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static RegionFactory regionFactory(SessionFactory sf) {
        return sf.getCache().unwrap(RegionFactory.class);
    }
}
