package org.stratacache.core.jcache;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.DeadLetterSink;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindSettings;

/**
 * A JSR-107 cache manager over one {@link RegionStore}: the store owns the tier (local or distributed, from
 * {@code strata.tier}) and each JCache cache is one raw {@link TierCache} in it, with the JCache semantics
 * layered on top by {@link StrataCache}.
 *
 * <p>The store is the manager's own, built from its properties, unless the properties hold one under
 * {@code strata.jcache.region-store} ({@link ConfigKeys#JCACHE_REGION_STORE}): then the caches live in that store
 * beside whatever else uses it (the Spring Boot starter's JDBC and Hibernate caches), and the caller keeps owning
 * it.
 *
 * <p>Thread-safe. Closing the manager closes its caches (which releases their storage and MXBeans), then
 * the store if it is the manager's own, and the threads that run {@code loadAll} and asynchronous listeners.
 */
final class StrataCacheManager implements CacheManager {
    private final StrataCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final RegionStore store;
    /** Whether the store was built here (and closes with the manager) or given in the properties. */
    private final boolean ownsStore;
    /** Prefix of the tier cache names: URI, plus the class loader unless it is the provider's default. */
    private final String storagePrefix;
    private final ExecutorService executor;
    private final ConcurrentHashMap<String, StrataCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private volatile boolean closed;

    StrataCacheManager(StrataCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = new Properties();
        this.properties.putAll(properties);
        RegionStore given = givenStore(properties);
        this.store = given != null ? given : RegionStore.builder().settings(storeSettings(properties)).build();
        this.ownsStore = given == null;
        this.storagePrefix = "jcache:" + uri + ":" + loaderQualifier(provider, classLoader);
        AtomicInteger n = new AtomicInteger();
        String threadPrefix = "strata-jcache-" + uri + "-";
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor = pool;
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        synchronized (lifecycle) {
            ensureOpen();
            if (caches.containsKey(cacheName)) {
                throw new CacheException("a cache named '" + cacheName + "' already exists in " + uri);
            }
            if (!configuration.isStoreByValue() && !"local".equals(store.tierName())) {
                throw new UnsupportedOperationException("cache '" + cacheName + "': store-by-reference is not "
                        + "supported on the " + store.tierName() + " tier, which serialises every entry; "
                        + "use setStoreByValue(true) (values must be Serializable)");
            }
            StrataCache<K, V> cache = StrataCache.create(this, cacheName, completeCopy(configuration));
            caches.put(cacheName, cache);
            return cache;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        StrataCache<?, ?> cache = caches.get(cacheName);
        if (cache == null) {
            return null;
        }
        Configuration<?, ?> config = cache.configurationView();
        if (!keyType.equals(config.getKeyType())) {
            throw new ClassCastException("cache '" + cacheName + "' has key type " + config.getKeyType().getName()
                    + ", not " + keyType.getName());
        }
        if (!valueType.equals(config.getValueType())) {
            throw new ClassCastException("cache '" + cacheName + "' has value type "
                    + config.getValueType().getName() + ", not " + valueType.getName());
        }
        return (Cache<K, V>) cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        return (Cache<K, V>) caches.get(cacheName);
    }

    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        StrataCache<?, ?> cache;
        synchronized (lifecycle) {
            cache = caches.remove(cacheName);
        }
        if (cache != null) {
            cache.destroy();
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        StrataCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        StrataCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        provider.released(this);
        for (StrataCache<?, ?> cache : caches.values()) {
            cache.close();
        }
        caches.clear();
        executor.shutdownNow();
        if (ownsStore) {
            store.close();
        }
    }

    /** The store given in the properties, or {@code null} when the manager built its own. */
    RegionStore givenStore() {
        return ownsStore ? null : store;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type.isInstance(store)) {
            return type.cast(store);
        }
        throw new IllegalArgumentException("a Strata CacheManager unwraps to CacheManager or RegionStore, not "
                + type.getName());
    }

    // ---- for the caches ---------------------------------------------------------------------------

    /** Storage for one cache: the store's tier, the cache's name; size bound from its region settings. */
    TierCache<Object, Object> createStorage(String cacheName, TierListener listener) {
        RegionSettings configured = store.settingsFor(cacheName);
        // Expiry, copying and refresh are the JCache layer's business: the tier keeps entries as given.
        RegionSettings raw = RegionSettings.builder()
                .maxEntries(configured.maxEntries())
                .ttl(Duration.ZERO)
                .storeByValue(false)
                .refreshAhead(0)
                .build();
        return store.createTierCache(storagePrefix + cacheName, raw, listener);
    }

    /**
     * The store's settings: the manager's properties, with {@code strata.hazelcast.share-member} on unless
     * they (or the system properties) say otherwise, so the many managers of one JVM on the distributed
     * tier use one embedded Hazelcast member rather than starting and joining one each.
     */
    /** The store given under {@code strata.jcache.region-store}, or {@code null} when none is. */
    private static RegionStore givenStore(Properties properties) {
        Object value = properties.get(ConfigKeys.JCACHE_REGION_STORE.name());
        if (value == null || "".equals(value)) {
            return null;
        }
        if (!(value instanceof RegionStore store)) {
            throw new IllegalArgumentException(ConfigKeys.JCACHE_REGION_STORE.name() + " must hold a RegionStore "
                    + "instance (put the object itself into the properties), not " + value.getClass().getName());
        }
        if (store.isClosed()) {
            throw new IllegalStateException("the region store given to the JCache CacheManager (" + store.name()
                    + ") is already closed");
        }
        return store;
    }

    private static Properties storeSettings(Properties properties) {
        Properties settings = new Properties();
        settings.putAll(properties);
        String share = ConfigKeys.HAZELCAST_SHARE_MEMBER.name();
        if (!settings.containsKey(share) && System.getProperty(share) == null) {
            settings.setProperty(share, "true");
        }
        return settings;
    }

    /**
     * Managers of one URI under different class loaders are different managers (JSR-107 §11), so on a shared
     * tier their caches must not meet: a non-default loader adds its identity to the storage names. The
     * default loader adds nothing, so managers of one URI in different JVMs share the distributed caches.
     */
    private static String loaderQualifier(StrataCachingProvider provider, ClassLoader classLoader) {
        return classLoader == provider.getDefaultClassLoader()
                ? ""
                : "loader-" + Integer.toHexString(System.identityHashCode(classLoader)) + ":";
    }

    /**
     * The write-behind queue of a cache: the store's write-behind engine under the cache's storage name, with
     * the store's {@code strata.write-behind.*} settings (offer timeout, retry back-off, close timeout,
     * journal) and the cache's batch size, delay and capacity. With {@code strata.write-behind.journal.dir}
     * set, the queue journals each change before the cache operation returns, and a manager of the same URI
     * replays what a crashed JVM left unwritten when it creates the cache again.
     */
    <K, V> WriteBehind<K, V> openWriteBehind(String cacheName, BatchWriter<K, V> writer,
                                             StrataConfiguration<?, ?> cache) {
        WriteBehindSettings settings = WriteBehindSettings.from(store.config()).toBuilder()
                .batchSize(cache.getWriteBehindBatchSize())
                .maxDelay(cache.getWriteBehindDelay())
                .capacity(cache.getWriteBehindQueueCapacity())
                .build();
        return store.writeBehind(storagePrefix + cacheName, writer, settings, DeadLetterSink.logging());
    }

    ExecutorService executor() {
        return executor;
    }

    /** A cache that closed itself leaves the manager; a later createCache of its name makes a new one. */
    void released(String cacheName, StrataCache<?, ?> cache) {
        synchronized (lifecycle) {
            caches.remove(cacheName, cache);
        }
    }

    String tierName() {
        return store.tierName();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }

    /** The cache's own copy: later changes to the caller's configuration object do not reach the cache. */
    private static <K, V> MutableConfiguration<K, V> completeCopy(Configuration<K, V> configuration) {
        if (configuration instanceof StrataConfiguration<K, V> strata) {
            return new StrataConfiguration<>(strata);
        }
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return new MutableConfiguration<>(complete);
        }
        MutableConfiguration<K, V> copy = new MutableConfiguration<>();
        copy.setTypes(configuration.getKeyType(), configuration.getValueType());
        copy.setStoreByValue(configuration.isStoreByValue());
        return copy;
    }

    @Override
    public String toString() {
        return "StrataCacheManager[" + uri + ", tier=" + store.tierName() + ", caches=" + caches.keySet() + "]";
    }
}
