package org.stratacache.core.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;

import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import org.stratacache.core.RegionStore;

import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/**
 * The JSR-107 entry point to Strata: {@code Caching.getCachingProvider(StrataCachingProvider.class.getName())}
 * (registered in {@code META-INF/services/javax.cache.spi.CachingProvider}).
 *
 * <p>Each {@link CacheManager} it hands out owns one {@link org.stratacache.core.RegionStore}, configured from
 * the {@code strata.*} keys in the properties passed to {@link #getCacheManager(URI, ClassLoader, Properties)}
 * (over system properties and {@code strata.properties}); {@code strata.tier} picks the tier its caches live
 * in. Managers are kept per class loader and URI, as the specification asks: the same pair returns the same
 * manager until it is closed. A manager over a store given in the properties ({@code strata.jcache.region-store})
 * is kept per class loader, URI and that store: two applications in one JVM (two Spring contexts, each giving
 * its own store under the default URI) get a manager each, and closing one leaves the other's open.
 */
public final class StrataCachingProvider implements CachingProvider {
    /** The URI of the default cache manager. */
    public static final URI DEFAULT_URI = URI.create("strata://default");

    /** Managers by class loader, then URI and given store; guarded by {@code this}. Closed managers leave the map. */
    private final Map<ClassLoader, Map<Key, StrataCacheManager>> managers = new WeakHashMap<>();

    /** A manager's URI, and the store it was given ({@code null}: its own); stores compare by identity. */
    private record Key(URI uri, RegionStore store) {
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Properties props = properties == null ? getDefaultProperties() : properties;
        synchronized (this) {
            Map<Key, StrataCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
            Key key = new Key(managerUri, props.get(ConfigKeys.JCACHE_REGION_STORE.name()) instanceof RegionStore given
                    ? given : null);
            StrataCacheManager manager = byUri.get(key);
            if (manager == null || manager.isClosed()) {
                manager = new StrataCacheManager(this, managerUri, loader, props);
                byUri.put(key, manager);
            }
            return manager;
        }
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader());
    }

    @Override
    public void close() {
        List<StrataCacheManager> toClose = new ArrayList<>();
        synchronized (this) {
            managers.values().forEach(byUri -> toClose.addAll(byUri.values()));
            managers.clear();
        }
        toClose.forEach(StrataCacheManager::close);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<Key, StrataCacheManager> byUri;
        synchronized (this) {
            byUri = managers.remove(loader);
        }
        if (byUri != null) {
            new ArrayList<>(byUri.values()).forEach(StrataCacheManager::close);
        }
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        List<StrataCacheManager> toClose = new ArrayList<>();
        synchronized (this) {
            Map<Key, StrataCacheManager> byUri = managers.get(loader);
            if (byUri != null) {
                byUri.entrySet().removeIf(entry -> {
                    boolean match = entry.getKey().uri().equals(managerUri);
                    if (match) {
                        toClose.add(entry.getValue());
                    }
                    return match;
                });
                if (byUri.isEmpty()) {
                    managers.remove(loader);
                }
            }
        }
        toClose.forEach(StrataCacheManager::close);
    }

    /**
     * Store-by-reference is supported where caches live by default on the local tier, which can keep the
     * caller's objects. On the distributed tier ({@code strata.tier=distributed} in the system properties or
     * {@code strata.properties}) every entry is serialised into Hazelcast, so a reference cannot survive and
     * the feature is reported unsupported; such a manager rejects {@code setStoreByValue(false)}.
     */
    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        return optionalFeature == OptionalFeature.STORE_BY_REFERENCE
                && "local".equals(StrataConfig.load(Map.of()).get(ConfigKeys.TIER));
    }

    /** Called by a manager that closes itself, so the next request creates a fresh one. */
    synchronized void released(StrataCacheManager manager) {
        Map<Key, StrataCacheManager> byUri = managers.get(manager.getClassLoader());
        Key key = new Key(manager.getURI(), manager.givenStore());
        if (byUri != null && byUri.get(key) == manager) {
            byUri.remove(key);
            if (byUri.isEmpty()) {
                managers.remove(manager.getClassLoader());
            }
        }
    }

    @Override
    public String toString() {
        return "StrataCachingProvider[" + DEFAULT_URI + "]";
    }
}
