package org.stratacache.hibernate;

import java.util.Comparator;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** READ_WRITE (and TRANSACTIONAL) access to cached entity state (see {@link ReadWriteAccess}). */
final class ReadWriteEntityAccess extends ReadWriteAccess implements EntityDataAccess {
    private final CacheKeysFactory keys;

    ReadWriteEntityAccess(DomainDataRegion region, DomainStorage storage, Timestamper timestamper,
                          Comparator<Object> versions, CacheKeysFactory keys, AccessType reported) {
        super(region, storage, timestamper, versions, reported);
        this.keys = keys;
    }

    @Override
    public Object generateCacheKey(Object id, EntityPersister rootEntityDescriptor, SessionFactoryImplementor factory,
                                   String tenantIdentifier) {
        return keys.createEntityKey(id, rootEntityDescriptor, factory, tenantIdentifier);
    }

    @Override
    public Object getCacheKeyId(Object cacheKey) {
        return keys.getEntityId(cacheKey);
    }

    @Override
    public boolean insert(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return false; // cached after the commit, in afterInsert
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return cacheInserted(key, value, version);
    }

    @Override
    public boolean update(SharedSessionContractImplementor session, Object key, Object value, Object currentVersion,
                          Object previousVersion) {
        return false; // cached after the commit, in afterUpdate
    }

    @Override
    public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
                               Object currentVersion, Object previousVersion, SoftLock lock) {
        return cacheUpdated(key, value, currentVersion, lock);
    }
}
