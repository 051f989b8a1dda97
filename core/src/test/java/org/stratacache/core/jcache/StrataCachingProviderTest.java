package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;

class StrataCachingProviderTest {
    private static final String CACHE = "things";

    private CachingProvider provider;
    private CacheManager manager;

    @BeforeEach
    void setUp() {
        provider = Caching.getCachingProvider(StrataCachingProvider.class.getName());
        manager = provider.getCacheManager(URI.create("strata://test-" + UUID.randomUUID()), null);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    // ---- provider and manager --------------------------------------------------------------------

    @Test
    void getCachingProvider_byClassName_servesLocalTierByDefault() {
        assertThat(provider).isInstanceOf(StrataCachingProvider.class);
        assertThat(manager.unwrap(RegionStore.class).tierName()).isEqualTo("local");
    }

    @Test
    void getCacheManager_sameUriAndLoader_returnsSameManagerUntilClosed() {
        CacheManager again = provider.getCacheManager(manager.getURI(), manager.getClassLoader());
        assertThat(again).isSameAs(manager);

        manager.close();
        CacheManager fresh = provider.getCacheManager(manager.getURI(), manager.getClassLoader());
        assertThat(fresh).isNotSameAs(manager);
        assertThat(fresh.isClosed()).isFalse();
        fresh.close();
    }

    @Test
    void getCacheManager_unknownStrataKey_failsNamingTheKey() {
        Properties props = new Properties();
        props.setProperty("strata.tire", "local");

        assertThatThrownBy(() -> provider.getCacheManager(URI.create("strata://bad-" + UUID.randomUUID()), null,
                props))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("strata.tire");
    }

    @Test
    void close_manager_closesCachesAndUnregistersMBeans() throws Exception {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setStatisticsEnabled(true).setManagementEnabled(true));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("javax.cache:CacheManager=" + mbeanSafe(manager.getURI()) + ",*");
        assertThat(server.queryNames(pattern, null)).hasSize(2);

        manager.close();

        assertThat(cache.isClosed()).isTrue();
        assertThat(server.queryNames(pattern, null)).isEmpty();
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createCache_maxEntriesFromStrataProperties_boundsTheCacheAndCountsEvictions() throws Exception {
        Properties props = new Properties();
        props.setProperty("strata.region.small.max-entries", "10");
        CacheManager bounded = provider.getCacheManager(URI.create("strata://bounded-" + UUID.randomUUID()), null,
                props);
        try {
            Cache<Integer, String> cache = bounded.createCache("small", new MutableConfiguration<Integer, String>()
                    .setStatisticsEnabled(true));
            for (int i = 0; i < 100; i++) {
                cache.put(i, "v" + i);
            }

            int held = 0;
            for (Cache.Entry<Integer, String> ignored : cache) {
                held++;
            }
            assertThat(held).isBetween(1, 10);
            ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                    + mbeanSafe(bounded.getURI()) + ",Cache=small");
            assertThat((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "CacheEvictions"))
                    .isGreaterThanOrEqualTo(90L);
        } finally {
            bounded.close();
        }
    }

    // ---- events ----------------------------------------------------------------------------------

    @Test
    void put_updateAndRemove_fireOneEventEachWithTheOldValue() {
        Recorder recorder = new Recorder();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .addCacheEntryListenerConfiguration(listener(recorder, true)));

        cache.put("k", "v1");
        cache.put("k", "v2");
        cache.replace("k", "v2", "v3");
        cache.remove("k");
        cache.remove("k");

        assertThat(recorder.events).extracting(e -> e.type + ":" + e.value + "<-" + e.oldValue)
                .containsExactly("CREATED:v1<-null", "UPDATED:v2<-v1", "UPDATED:v3<-v2", "REMOVED:v3<-v3");
    }

    @Test
    void put_concurrentWritersOnSharedKeys_everyMutationFiresExactlyOneEventWithItsOldValue() throws Exception {
        Recorder recorder = new Recorder();
        Cache<Integer, String> cache = manager.createCache(CACHE, new MutableConfiguration<Integer, String>()
                .addCacheEntryListenerConfiguration(listener(recorder, true)));
        int threads = 8;
        int putsPerThread = 500;
        int keys = 16;

        runConcurrently(threads, t -> {
            for (int i = 0; i < putsPerThread; i++) {
                cache.put(i % keys, "t" + t + "-" + i);
            }
        });

        assertThat(recorder.events).hasSize(threads * putsPerThread);
        for (int key = 0; key < keys; key++) {
            List<String> newValues = new ArrayList<>();
            List<String> oldValues = new ArrayList<>();
            int created = 0;
            for (Recorded e : recorder.events) {
                if (e.key.equals(key)) {
                    newValues.add((String) e.value);
                    if (e.type == EventType.CREATED) {
                        created++;
                    } else {
                        oldValues.add((String) e.oldValue);
                    }
                }
            }
            // every value replaced exactly one other: old values are all new values but the final one
            oldValues.add(cache.get(key));
            Collections.sort(newValues);
            Collections.sort(oldValues);
            assertThat(created).as("created events of key %s", key).isEqualTo(1);
            assertThat(oldValues).as("old values of key %s", key).isEqualTo(newValues);
        }
    }

    @Test
    void asyncListener_concurrentUpdatesOfOneKey_receivesThemInMutationOrder() throws Exception {
        Recorder recorder = new Recorder();
        Cache<String, Integer> cache = manager.createCache(CACHE, new MutableConfiguration<String, Integer>()
                .addCacheEntryListenerConfiguration(listener(recorder, false)));
        int threads = 4;
        int updatesPerThread = 250;

        runConcurrently(threads, t -> {
            for (int i = 0; i < updatesPerThread; i++) {
                cache.invoke("k", (entry, args) -> {
                    entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                    return null;
                });
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.size() == threads * updatesPerThread);
        List<Recorded> events = recorder.events;
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).value).isEqualTo(i + 1);
        }
    }

    @Test
    void syncListener_throws_callerGetsCacheEntryListenerException() {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<String, String>(
                        FactoryBuilder.factoryOf(new FailingListener()), null, true, true)));

        assertThatThrownBy(() -> cache.put("k", "v"))
                .isInstanceOf(CacheEntryListenerException.class)
                .hasRootCauseInstanceOf(UnsupportedOperationException.class);
        assertThat(cache.get("k")).isEqualTo("v");
    }

    // ---- entry processors ------------------------------------------------------------------------

    @Test
    void invoke_concurrentIncrements_loseNoUpdate() throws Exception {
        Cache<String, Integer> cache = manager.createCache(CACHE, new MutableConfiguration<String, Integer>());
        int threads = 8;
        int increments = 1000;
        List<String> keys = List.of("a", "b", "c", "d");

        runConcurrently(threads, t -> {
            for (int i = 0; i < increments; i++) {
                cache.invoke(keys.get(i % keys.size()), (entry, args) -> {
                    entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                    return null;
                });
            }
        });

        int total = keys.stream().mapToInt(cache::get).sum();
        assertThat(total).isEqualTo(threads * increments);
    }

    // ---- store-by-value / store-by-reference ------------------------------------------------------

    @Test
    void storeByValue_callerMutatesAfterPut_cacheKeepsWhatWasStored() {
        Cache<String, ArrayList<String>> cache = manager.createCache(CACHE,
                new MutableConfiguration<String, ArrayList<String>>().setStoreByValue(true));
        ArrayList<String> value = new ArrayList<>(List.of("a"));

        cache.put("k", value);
        value.add("changed by the caller");
        ArrayList<String> read = cache.get("k");
        read.add("changed by a reader");

        assertThat(cache.get("k")).containsExactly("a");
        assertThat(cache.get("k")).isNotSameAs(cache.get("k"));
    }

    @Test
    void storeByReference_get_returnsTheStoredInstance() {
        Cache<String, ArrayList<String>> cache = manager.createCache(CACHE,
                new MutableConfiguration<String, ArrayList<String>>().setStoreByValue(false));
        ArrayList<String> value = new ArrayList<>(List.of("a"));

        cache.put("k", value);

        assertThat(cache.get("k")).isSameAs(value);
    }

    @Test
    void storeByValue_valueNotSerializable_failsNamingTheClass() {
        Cache<String, Object> cache = manager.createCache(CACHE, new MutableConfiguration<String, Object>());

        assertThatThrownBy(() -> cache.put("k", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("Serializable");
        assertThat(cache.containsKey("k")).isFalse();
    }

    // ---- expiry ----------------------------------------------------------------------------------

    @Test
    void expiry_createdDurationElapses_entryExpiresAndExpiredEventCarriesTheValue() {
        Recorder recorder = new Recorder();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 50)))
                .addCacheEntryListenerConfiguration(listener(recorder, true)));

        cache.put("k", "v");

        await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("k") == null);
        assertThat(recorder.events).extracting(e -> e.type + ":" + e.value + "<-" + e.oldValue)
                .containsExactly("CREATED:v<-null", "EXPIRED:v<-v");
    }

    @Test
    void expiry_zeroAccessDuration_entryGoneAfterItsFirstRead() {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new ExpireOnAccess())));

        cache.put("k", "v");

        assertThat(cache.get("k")).isEqualTo("v");
        assertThat(cache.containsKey("k")).isFalse();
    }

    // ---- read-through and write-through ----------------------------------------------------------

    @Test
    void readThrough_miss_loadsOnceThenHits() {
        CountingLoader loader = new CountingLoader();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));

        assertThat(cache.get("k")).isEqualTo("loaded:k");
        assertThat(cache.get("k")).isEqualTo("loaded:k");
        assertThat(loader.loads.get()).isEqualTo(1);
    }

    @Test
    void writeThrough_writerFails_cacheIsNotChanged() {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(new RefusingWriter())));

        assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(CacheWriterException.class);
        assertThat(cache.containsKey("k")).isFalse();
    }

    @Test
    void putAll_writerFailsPartWay_cacheHoldsExactlyTheWrittenEntries() {
        HalfWriter writer = new HalfWriter();
        Cache<Integer, String> cache = manager.createCache(CACHE, new MutableConfiguration<Integer, String>()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
        Map<Integer, String> entries = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            entries.put(i, "v" + i);
        }

        assertThatThrownBy(() -> cache.putAll(entries)).isInstanceOf(CacheWriterException.class);

        for (int i = 0; i < 10; i++) {
            assertThat(cache.containsKey(i)).as("key %s", i).isEqualTo(writer.written.contains(i));
        }
        assertThat(writer.written).hasSize(5);
    }

    @Test
    void loadAll_missingKeys_loadsThemAndReportsCompletion() throws Exception {
        CountingLoader loader = new CountingLoader();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));
        cache.put("present", "mine");
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();

        cache.loadAll(java.util.Set.of("present", "a", "b"), false, new javax.cache.integration.CompletionListener() {
            @Override
            public void onCompletion() {
                done.complete(null);
            }

            @Override
            public void onException(Exception e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.SECONDS);

        assertThat(cache.get("a")).isEqualTo("loaded:a");
        assertThat(cache.get("present")).isEqualTo("mine");
        assertThat(loader.loads.get()).isEqualTo(2);
    }

    /**
     * A {@code loadAll} still loading when the cache closes: close waits for it, then closes the loader, so the
     * loader is never closed under a load (the TCK's loader server counts the connections left open).
     */
    @Test
    void close_waitsForALoadAllStillLoading_beforeClosingTheLoader() throws Exception {
        BlockingLoader loader = new BlockingLoader();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));
        cache.loadAll(java.util.Set.of("a", "b"), false, null);
        assertThat(BlockingLoader.loading.await(10, TimeUnit.SECONDS)).isTrue();
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            Future<?> closing = closer.submit(cache::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.isClosed());
            assertThat(BlockingLoader.closedWhileLoading).as("the loader closed under the load").isFalse();
            assertThat(closing.isDone()).as("close returned while the load runs").isFalse();

            BlockingLoader.release.countDown();

            closing.get(10, TimeUnit.SECONDS);
            assertThat(BlockingLoader.closed).isTrue();
            assertThat(BlockingLoader.closedWhileLoading).isFalse();
        } finally {
            BlockingLoader.release.countDown();
            closer.shutdownNow();
        }
    }

    /** A loader whose loadAll waits for {@link #release}; static state: the factory hands the cache a copy. */
    static final class BlockingLoader implements CacheLoader<String, String>, AutoCloseable, java.io.Serializable {
        static final CountDownLatch loading = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);
        static volatile boolean inLoad;
        static volatile boolean closed;
        static volatile boolean closedWhileLoading;

        @Override
        public String load(String key) {
            return key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            inLoad = true;
            loading.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inLoad = false;
            Map<String, String> loaded = new HashMap<>();
            keys.forEach(k -> loaded.put(k, "loaded:" + k));
            return loaded;
        }

        @Override
        public void close() {
            closedWhileLoading |= inLoad;
            closed = true;
        }
    }

    @Test
    void iteratorRemove_removesTheEntry_firesRemovedAndDeletesThroughTheWriter() {
        Recorder recorder = new Recorder();
        HalfWriter writer = new HalfWriter();
        Cache<Integer, String> cache = manager.createCache(CACHE, new MutableConfiguration<Integer, String>()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(writer))
                .addCacheEntryListenerConfiguration(listener(recorder, true)));
        cache.put(1, "one");

        java.util.Iterator<Cache.Entry<Integer, String>> it = cache.iterator();
        assertThat(it.next().getValue()).isEqualTo("one");
        it.remove();

        assertThat(cache.containsKey(1)).isFalse();
        assertThat(writer.deleted).containsExactly(1);
        assertThat(recorder.events).extracting(e -> e.type).containsExactly(EventType.CREATED, EventType.REMOVED);
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void getConfiguration_afterRegisteringAListener_isACopyThatListsIt() {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>());
        MutableCacheEntryListenerConfiguration<String, String> listener = listener(new Recorder(), true);

        cache.registerCacheEntryListener(listener);
        @SuppressWarnings("unchecked")
        MutableConfiguration<String, String> config = cache.getConfiguration(MutableConfiguration.class);
        config.setReadThrough(true);

        assertThat(config.getCacheEntryListenerConfigurations()).containsExactly(listener);
        assertThat(cache.getConfiguration(MutableConfiguration.class).isReadThrough()).isFalse();
        assertThatThrownBy(() -> cache.registerCacheEntryListener(listener))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createCache_nameTaken_failsAndDestroyFreesTheName() {
        manager.createCache(CACHE, new MutableConfiguration<String, String>());

        assertThatThrownBy(() -> manager.createCache(CACHE, new MutableConfiguration<String, String>()))
                .isInstanceOf(javax.cache.CacheException.class)
                .hasMessageContaining(CACHE);
        manager.destroyCache(CACHE);
        Cache<String, String> again = manager.createCache(CACHE, new MutableConfiguration<String, String>());
        assertThat(again.containsKey("k")).isFalse();
    }

    @Test
    void close_cache_closesTheLoaderItCreated() {
        ClosableLoader loader = new ClosableLoader();
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));

        cache.close();

        assertThat(loader.closed).isTrue();
        assertThat(manager.getCache(CACHE)).isNull();
    }

    @Test
    void tierRecord_roundTripsThroughSerialization_asADistributedTierNeedsIt() throws Exception {
        org.stratacache.core.tier.StoredEntry<Object> entry = new org.stratacache.core.tier.StoredEntry<>(
                new Expiry.Held(new byte[] {1, 2, 3}, 1234L), org.stratacache.core.tag.TagSnapshot.EMPTY, 0L, 1L, 0L);

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(entry);
        }
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        Expiry.Held held = (Expiry.Held) ((org.stratacache.core.tier.StoredEntry<?>) copy).value();
        assertThat(held.expiresAtMillis()).isEqualTo(1234L);
        assertThat((byte[]) held.value()).containsExactly(1, 2, 3);
    }

    // ---- statistics ------------------------------------------------------------------------------

    @Test
    void statistics_enabled_countHitsMissesAndPutsOnTheJCacheMXBean() throws Exception {
        Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>());
        manager.enableStatistics(CACHE, true);
        ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                + mbeanSafe(manager.getURI()) + ",Cache=" + CACHE);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();

        cache.put("k", "v");
        cache.get("k");
        cache.get("missing");

        assertThat(server.getAttribute(name, "CachePuts")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "CacheHits")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "CacheMisses")).isEqualTo(1L);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String mbeanSafe(URI uri) {
        return uri.toString().replaceAll("[,:=\n]", ".");
    }

    private static <K, V> MutableCacheEntryListenerConfiguration<K, V> listener(Recorder recorder, boolean sync) {
        return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(recorder), null, true, sync);
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Recorded(EventType type, Object key, Object value, Object oldValue) {
    }

    /** Records every event; shared through a singleton factory, so the test reads what the cache delivered. */
    static final class Recorder implements CacheEntryCreatedListener<Object, Object>,
            CacheEntryUpdatedListener<Object, Object>, CacheEntryRemovedListener<Object, Object>,
            CacheEntryExpiredListener<Object, Object>, java.io.Serializable {
        final List<Recorded> events = new CopyOnWriteArrayList<>();

        private void record(Iterable<CacheEntryEvent<?, ?>> batch) {
            for (CacheEntryEvent<?, ?> e : batch) {
                events.add(new Recorded(e.getEventType(), e.getKey(), e.getValue(),
                        e.isOldValueAvailable() ? e.getOldValue() : null));
            }
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<?, ?>> batch) {
            record(batch);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<?, ?>> batch) {
            record(batch);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<?, ?>> batch) {
            record(batch);
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<?, ?>> batch) {
            record(batch);
        }
    }

    static final class FailingListener implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            throw new UnsupportedOperationException("listener refuses");
        }
    }

    static final class ExpireOnAccess implements ExpiryPolicy, java.io.Serializable {
        @Override
        public javax.cache.expiry.Duration getExpiryForCreation() {
            return javax.cache.expiry.Duration.ETERNAL;
        }

        @Override
        public javax.cache.expiry.Duration getExpiryForAccess() {
            return javax.cache.expiry.Duration.ZERO;
        }

        @Override
        public javax.cache.expiry.Duration getExpiryForUpdate() {
            return null;
        }
    }

    static final class CountingLoader implements CacheLoader<String, String>, java.io.Serializable {
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String load(String key) {
            loads.incrementAndGet();
            return "loaded:" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> all = new HashMap<>();
            keys.forEach(k -> all.put(k, load(k)));
            return all;
        }
    }

    static final class RefusingWriter implements CacheWriter<String, String>, java.io.Serializable {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void delete(Object key) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            throw new IllegalStateException("database down");
        }
    }

    /** Writes every other entry of a batch, then fails; deletes everything. */
    static final class HalfWriter implements CacheWriter<Integer, String>, java.io.Serializable {
        final List<Integer> written = new CopyOnWriteArrayList<>();
        final List<Object> deleted = new CopyOnWriteArrayList<>();

        @Override
        public void write(Cache.Entry<? extends Integer, ? extends String> entry) {
            written.add(entry.getKey());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends Integer, ? extends String>> entries) {
            java.util.Iterator<Cache.Entry<? extends Integer, ? extends String>> it = entries.iterator();
            int n = 0;
            while (it.hasNext()) {
                Cache.Entry<? extends Integer, ? extends String> entry = it.next();
                if (n++ == 5) {
                    throw new IllegalStateException("database refused " + entry.getKey());
                }
                write(entry);
                it.remove();
            }
        }

        @Override
        public void delete(Object key) {
            deleted.add(key);
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            keys.forEach(this::delete);
            keys.clear();
        }
    }

    static final class ClosableLoader implements CacheLoader<String, String>, AutoCloseable, java.io.Serializable {
        volatile boolean closed;

        @Override
        public String load(String key) {
            return key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            return Map.of();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
