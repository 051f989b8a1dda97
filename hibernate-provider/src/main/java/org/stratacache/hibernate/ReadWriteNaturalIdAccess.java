package org.stratacache.hibernate;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** READ_WRITE access to cached natural-id to id resolutions (see {@link ReadWriteAccess}); no versions. */
final class ReadWriteNaturalIdAccess extends ReadWriteAccess implements NaturalIdDataAccess {
    private final CacheKeysFactory keys;

    ReadWriteNaturalIdAccess(DomainDataRegion region, DomainStorage storage, Timestamper timestamper,
                             CacheKeysFactory keys, AccessType reported) {
        super(region, storage, timestamper, null, reported);
        this.keys = keys;
    }

    @Override
    public Object generateCacheKey(Object naturalIdValues, EntityPersister rootEntityDescriptor,
                                   SharedSessionContractImplementor session) {
        return keys.createNaturalIdKey(naturalIdValues, rootEntityDescriptor, session);
    }

    @Override
    public Object getNaturalIdValues(Object cacheKey) {
        return keys.getNaturalIdValues(cacheKey);
    }

    @Override
    public boolean insert(SharedSessionContractImplementor session, Object key, Object value) {
        return false;
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
        return cacheInserted(key, value, null);
    }

    @Override
    public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
        return false;
    }

    @Override
    public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value, SoftLock lock) {
        return cacheUpdated(key, value, null, lock);
    }
}
