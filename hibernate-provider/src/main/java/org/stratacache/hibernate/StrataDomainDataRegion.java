package org.stratacache.hibernate;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
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
 * Hibernate's own strategies over {@link DomainStorage} (they never read-modify-write); READ_WRITE and
 * TRANSACTIONAL use Strata's lock-free-per-region {@link ReadWriteAccess}.
 *
 * <h2>TRANSACTIONAL is served with READ_WRITE's guarantees</h2>
 * Hibernate's own transactional strategies ({@code EntityTransactionalAccess} and friends) write the new
 * state into the cache during the transaction, in {@code insert}/{@code update}, and rely on the cache being
 * an XA resource enlisted in that transaction: its uncommitted writes stay invisible to others and vanish on
 * rollback. Strata's store is not an XA resource (neither tier takes part in a JTA transaction), so writing
 * there before the commit would let other sessions read uncommitted state, and keep it after a rollback.
 * Instead, TRANSACTIONAL gets exactly the READ_WRITE protocol — a soft lock while the transaction changes the
 * key, the new state cached only after the commit (never on rollback), and no load that read the row before
 * the commit ever caching it — while reporting {@link AccessType#TRANSACTIONAL}, so mappings copied from
 * examples for other providers start unchanged. Hibernate drives both strategies through the same calls
 * (lock, update, after-update, unlock), with resource-local transactions and under JTA alike, so the
 * guarantees are the same there; what TRANSACTIONAL does not get is the XA provider's "the cache commits
 * atomically with the database": between the database commit and the after-completion callback the key is
 * soft-locked (a miss), never stale.
 *
 * <p>Note: the super constructor builds the access objects before this class's fields are assigned, so
 * everything the builders need is reached through the storage and the region factory, not fields.
 */
final class StrataDomainDataRegion extends DomainDataRegionTemplate implements ExtendedStatisticsSupport {
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
            case READ_WRITE, TRANSACTIONAL -> new ReadWriteEntityAccess(this, storage(), timestamper(),
                    config.getVersionComparatorAccess() == null ? null : config.getVersionComparatorAccess().get(),
                    getEffectiveKeysFactory(), config.getAccessType());
        };
    }

    @Override
    public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
        return switch (config.getAccessType()) {
            case READ_ONLY -> new CollectionReadOnlyAccess(this, getEffectiveKeysFactory(), storage(), config);
            case NONSTRICT_READ_WRITE ->
                    new CollectionNonStrictReadWriteAccess(this, getEffectiveKeysFactory(), storage(), config);
            case READ_WRITE, TRANSACTIONAL -> new ReadWriteCollectionAccess(this, storage(), timestamper(),
                    config.getOwnerVersionComparator(), getEffectiveKeysFactory(), config.getAccessType());
        };
    }

    @Override
    public NaturalIdDataAccess generateNaturalIdAccess(NaturalIdDataCachingConfig config) {
        return switch (config.getAccessType()) {
            case READ_ONLY -> new NaturalIdReadOnlyAccess(this, getEffectiveKeysFactory(), storage(), config);
            case NONSTRICT_READ_WRITE ->
                    new NaturalIdNonStrictReadWriteAccess(this, getEffectiveKeysFactory(), storage(), config);
            case READ_WRITE, TRANSACTIONAL -> new ReadWriteNaturalIdAccess(this, storage(), timestamper(),
                    getEffectiveKeysFactory(), config.getAccessType());
        };
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
