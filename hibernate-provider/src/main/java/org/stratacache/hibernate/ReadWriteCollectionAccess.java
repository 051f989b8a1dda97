package org.stratacache.hibernate;

import java.util.Comparator;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.CollectionPersister;

/** READ_WRITE access to cached collections (see {@link ReadWriteAccess}); versions are the owner's. */
final class ReadWriteCollectionAccess extends ReadWriteAccess implements CollectionDataAccess {
    private final CacheKeysFactory keys;

    ReadWriteCollectionAccess(DomainDataRegion region, DomainStorage storage, Timestamper timestamper,
                              Comparator<Object> ownerVersions, CacheKeysFactory keys, AccessType reported) {
        super(region, storage, timestamper, ownerVersions, reported);
        this.keys = keys;
    }

    @Override
    public Object generateCacheKey(Object id, CollectionPersister collectionDescriptor,
                                   SessionFactoryImplementor factory, String tenantIdentifier) {
        return keys.createCollectionKey(id, collectionDescriptor, factory, tenantIdentifier);
    }

    @Override
    public Object getCacheKeyId(Object cacheKey) {
        return keys.getCollectionId(cacheKey);
    }
}
