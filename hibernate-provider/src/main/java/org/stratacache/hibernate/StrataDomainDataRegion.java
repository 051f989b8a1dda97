package org.stratacache.hibernate;

import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.ExtendedStatisticsSupport;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.CollectionNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.CollectionReadOnlyAccess;
import org.hibernate.cache.spi.support.DomainDataRegionTemplate;
import org.hibernate.cache.spi.support.EntityNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.EntityReadOnlyAccess;
import org.hibernate.cache.spi.support.NaturalIdNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.NaturalIdReadOnlyAccess;

/**
 * An entity/collection/natural-id region over one core region. READ_ONLY and NONSTRICT_READ_WRITE use
 * Hibernate's own strategies over {@link DomainStorage} (they never read-modify-write); READ_WRITE uses
 * Strata's lock-free-per-region {@link ReadWriteAccess}; TRANSACTIONAL is refused at SessionFactory start.
 *
 * <p>Note: the super constructor builds the access objects before this class's fields are assigned, so
 * everything the builders need is reached through the storage and the region factory, not fields.
 */
final class StrataDomainDataRegion extends DomainDataRegionTemplate implements ExtendedStatisticsSupport {
    static final String SUPPORTED = "read-only, nonstrict-read-write or read-write";

    StrataDomainDataRegion(DomainDataRegionConfig config, StrataRegionFactory factory, DomainStorage storage,
                           CacheKeysFactory keys, DomainDataRegionBuildingContext context) {
        super(config, factory, storage, keys, context);
    }

    DomainStorage storage() {
        return (DomainStorage) getCacheStorageAccess();
    }

    private Timestamper timestamper() {
        return ((StrataRegionFactory) getRegionFactory()).timestamper();
    }

    @Override
    public EntityDataAccess generateEntityAccess(EntityDataCachingConfig config) {
        return switch (config.getAccessType()) {
            case READ_ONLY -> new EntityReadOnlyAccess(this, getEffectiveKeysFactory(), storage(), config);
            case NONSTRICT_READ_WRITE ->
                    new EntityNonStrictReadWriteAccess(this, getEffectiveKeysFactory(), storage(), config);
            case READ_WRITE -> new ReadWriteEntityAccess(this, storage(), timestamper(),
                    config.getVersionComparatorAccess() == null ? null : config.getVersionComparatorAccess().get(),
                    getEffectiveKeysFactory());
            case TRANSACTIONAL -> throw unsupported("entity", config);
        };
    }

    @Override
    public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
        return switch (config.getAccessType()) {
            case READ_ONLY -> new CollectionReadOnlyAccess(this, getEffectiveKeysFactory(), storage(), config);
            case NONSTRICT_READ_WRITE ->
                    new CollectionNonStrictReadWriteAccess(this, getEffectiveKeysFactory(), storage(), config);
            case READ_WRITE -> new ReadWriteCollectionAccess(this, storage(), timestamper(),
                    config.getOwnerVersionComparator(), getEffectiveKeysFactory());
            case TRANSACTIONAL -> throw unsupported("collection", config);
        };
    }

    @Override
    public NaturalIdDataAccess generateNaturalIdAccess(NaturalIdDataCachingConfig config) {
        return switch (config.getAccessType()) {
            case READ_ONLY -> new NaturalIdReadOnlyAccess(this, getEffectiveKeysFactory(), storage(), config);
            case NONSTRICT_READ_WRITE ->
                    new NaturalIdNonStrictReadWriteAccess(this, getEffectiveKeysFactory(), storage(), config);
            case READ_WRITE -> new ReadWriteNaturalIdAccess(this, storage(), timestamper(), getEffectiveKeysFactory());
            case TRANSACTIONAL -> throw unsupported("natural id of entity", config);
        };
    }

    private CacheException unsupported(String what, DomainDataCachingConfig config) {
        return new CacheException("The " + what + " '" + config.getNavigableRole().getFullPath() + "' (cache region '"
                + getName() + "') is cached with access strategy " + AccessType.TRANSACTIONAL.getExternalName()
                + ", which StrataRegionFactory does not support: use " + SUPPORTED
                + " (@Cache(usage = ...) or hibernate.cache.default_cache_concurrency_strategy)");
    }

    @Override
    public long getElementCountInMemory() {
        return storage().region().stats().size();
    }

    @Override
    public long getElementCountOnDisk() {
        return 0;
    }

    @Override
    public long getSizeInMemory() {
        return -1; // not measured: entries are held by reference
    }
}
