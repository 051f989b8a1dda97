package org.stratacache.benchmarks.hibernate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The floor contender of the Hibernate benchmarks: Hibernate's own region support ({@link RegionFactoryTemplate},
 * the base hibernate-jcache builds on too) over one {@link ConcurrentHashMap} per region, storing by reference,
 * with no expiry, bound, statistics or invalidation of its own. What a find costs with it is what Hibernate spends
 * around any second-level cache; the rest of a Strata hit is Strata's. Not a usable cache: it never evicts.
 */
public final class MapRegionFactory extends RegionFactoryTemplate {

    @Override
    protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
        // nothing to start: each region's map is made when Hibernate builds the region
    }

    @Override
    protected void releaseFromUse() {
        // the maps go with their regions
    }

    @Override
    protected DomainDataStorageAccess createDomainDataStorageAccess(DomainDataRegionConfig regionConfig,
                                                                    DomainDataRegionBuildingContext context) {
        return new MapStorage();
    }

    @Override
    protected StorageAccess createQueryResultsRegionStorageAccess(String regionName,
                                                                  SessionFactoryImplementor sessionFactory) {
        return new MapStorage();
    }

    @Override
    protected StorageAccess createTimestampsRegionStorageAccess(String regionName,
                                                                SessionFactoryImplementor sessionFactory) {
        return new MapStorage();
    }

    /** One region's entries, by reference. */
    private static final class MapStorage implements DomainDataStorageAccess {
        private final ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();

        @Override
        public Object getFromCache(Object key, SharedSessionContractImplementor session) {
            return entries.get(key);
        }

        @Override
        public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
            entries.put(key, value);
        }

        @Override
        public void removeFromCache(Object key, SharedSessionContractImplementor session) {
            entries.remove(key);
        }

        @Override
        public void clearCache(SharedSessionContractImplementor session) {
            entries.clear();
        }

        @Override
        public boolean contains(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public void evictData() {
            entries.clear();
        }

        @Override
        public void evictData(Object key) {
            entries.remove(key);
        }

        @Override
        public void release() {
            entries.clear();
        }
    }
}
