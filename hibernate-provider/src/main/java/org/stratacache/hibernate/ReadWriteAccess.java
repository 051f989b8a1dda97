package org.stratacache.hibernate;

import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CachedDomainDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.AbstractDomainDataRegion;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * READ_WRITE access with soft locks kept in the cache, each transition one atomic per-key compute.
 *
 * <h2>Semantics (those of Hibernate's READ_WRITE strategy)</h2>
 * A key holds a {@link CachedItem} (a value readable by transactions that began after it was cached) or a
 * {@link SoftLockEntry} (never readable). An update or delete locks the key before touching the database
 * and releases it after the transaction: afterwards the key either holds the new value (sole holder,
 * update committed) or an unlocked lock entry that refuses every load from a transaction that began before
 * the unlock — a load that read the row before the commit can then never put its old value back.
 *
 * <p>The same protocol serves TRANSACTIONAL mappings (reported as such by {@link #getAccessType()}): the store
 * is not an XA resource, so nothing may be written to it before the commit (see {@link StrataDomainDataRegion}).
 *
 * <h2>No lock convoy</h2>
 * Hibernate's own implementation does each transition as get-then-put under one read-write lock per
 * region and JVM: every put and unlock of any key in the region queues behind every other, and the
 * transition is not atomic for another JVM sharing the store. Here each transition is a pure function of
 * the key's current entry applied by {@link org.stratacache.core.Region#compute}: serialised per key only,
 * and a compare-and-set towards the tier. Reads take no lock at all.
 *
 * <h2>Bulk operations</h2>
 * {@link #lockRegion()} raises a fence that refuses every {@code putFromLoad} until
 * {@link #unlockRegion(SoftLock)}; {@link #removeAll} clears the region when the bulk operation starts (so
 * the bulk transaction itself, and everyone else, stop reading what it is changing), and the unlock clears
 * it again and then refuses loads from transactions that began before it — closing the window in which a load that read rows before a bulk update could cache
 * them after the clear. The fence is per SessionFactory (this JVM).
 */
abstract class ReadWriteAccess implements CachedDomainDataAccess, AbstractDomainDataRegion.Destructible {
    private static final SoftLock REGION_LOCK = new SoftLock() {
        @Override
        public String toString() {
            return "Strata region lock";
        }
    };

    private final DomainDataRegion region;
    private final DomainStorage storage;
    private final Timestamper timestamper;
    private final Comparator<Object> versions;
    private final AccessType reported;
    private final UUID source = UUID.randomUUID();
    private final AtomicLong nextLockId = new AtomicLong();
    private final AtomicInteger regionLocks = new AtomicInteger();
    private volatile long loadFence = Long.MIN_VALUE;

    ReadWriteAccess(DomainDataRegion region, DomainStorage storage, Timestamper timestamper,
                    Comparator<Object> versions, AccessType reported) {
        if (reported != AccessType.READ_WRITE && reported != AccessType.TRANSACTIONAL) {
            throw new IllegalArgumentException("ReadWriteAccess serves read-write and transactional, not " + reported);
        }
        this.reported = reported;
        this.region = region;
        this.storage = storage;
        this.timestamper = timestamper;
        this.versions = versions;
    }

    @Override
    public DomainDataRegion getRegion() {
        return region;
    }

    @Override
    public AccessType getAccessType() {
        return reported;
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
        Object held = storage.getFromCache(key, session);
        return held instanceof CachedItem item && item.readableAt(txTimestamp(session)) ? item.value() : null;
    }

    @Override
    public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return putFromLoad(session, key, value, version, false);
    }

    @Override
    public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value, Object version,
                               boolean minimalPut) {
        long tx = txTimestamp(session);
        if (regionLocks.get() > 0 || tx <= loadFence) {
            storage.coalescer().cancel(key);
            return false;
        }
        CachedItem item = new CachedItem(value, version, tx);
        Object now = storage.updateFromLoad(key, session, current -> {
            if (current == null) {
                return item;
            }
            if (minimalPut && version == null) {
                return current; // minimal puts: without a version, assume what is cached is current
            }
            boolean replaceable = current instanceof CachedItem cached ? cached.replaceableBy(version, versions)
                    : current instanceof SoftLockEntry lock
                            && lock.replaceableBy(tx, SoftLockEntry.LOAD_MARGIN, version, versions);
            return replaceable ? item : current;
        });
        return now == item;
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
        storage.changedBy(session); // an update or delete of the key is about to run in this transaction
        long now = timestamper.next();
        long timeout = now + Timestamper.LOCK_TIMEOUT;
        SoftLockEntry.Handle fresh = newHandle();
        Object held = storage.update(key, current -> {
            if (current instanceof SoftLockEntry lock && !lock.expiredAt(now)) {
                return lock.relock(timeout);
            }
            Object lockedVersion = current instanceof CachedItem item ? item.version() : version;
            return SoftLockEntry.lock(fresh, lockedVersion, timeout);
        });
        return held instanceof SoftLockEntry lock ? lock.handle() : fresh;
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
        long now = timestamper.next();
        SoftLockEntry.Handle fresh = newHandle();
        storage.update(key, current -> current instanceof SoftLockEntry held && held.isHeldBy(lock)
                ? held.unlock(now) : SoftLockEntry.tombstone(fresh, now));
    }

    /** After an insert committed: caches the value unless something is cached already. */
    boolean cacheInserted(Object key, Object value, Object version) {
        CachedItem item = new CachedItem(value, version, timestamper.next());
        return storage.update(key, current -> current == null ? item : current) == item;
    }

    /**
     * After an update committed: caches the new value when this transaction was the lock's only holder;
     * otherwise only releases its share of the lock (another transaction's outcome is unknown).
     */
    boolean cacheUpdated(Object key, Object value, Object version, SoftLock lock) {
        long now = timestamper.next();
        CachedItem item = new CachedItem(value, version, now);
        SoftLockEntry.Handle fresh = newHandle();
        return storage.update(key, current -> {
            if (current instanceof SoftLockEntry held && held.isHeldBy(lock)) {
                return held.concurrent() ? held.unlock(now) : item;
            }
            return SoftLockEntry.tombstone(fresh, now);
        }) == item;
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
        storage.changedBy(session);
        // a soft lock must stay until unlockItem: it is what keeps concurrent loads from caching old state
        storage.update(key, current -> current instanceof SoftLockEntry ? current : null);
    }

    @Override
    public void removeAll(SharedSessionContractImplementor session) {
        // A bulk operation is starting (the region is locked): what is cached may be about to change, so
        // nothing of it stays readable; the fence keeps loads out until unlockRegion clears it once more.
        storage.clearCache(session);
    }

    @Override
    public boolean contains(Object key) {
        return storage.contains(key);
    }

    @Override
    public SoftLock lockRegion() {
        regionLocks.incrementAndGet();
        return REGION_LOCK;
    }

    @Override
    public void unlockRegion(SoftLock lock) {
        loadFence = timestamper.next();
        regionLocks.updateAndGet(n -> Math.max(n - 1, 0));
        storage.evictData();
    }

    @Override
    public void evict(Object key) {
        storage.evictData(key);
    }

    @Override
    public void evictAll() {
        storage.evictData();
    }

    @Override
    public void destroy() {
        storage.release();
    }

    private SoftLockEntry.Handle newHandle() {
        return new SoftLockEntry.Handle(source, nextLockId.getAndIncrement());
    }

    private static long txTimestamp(SharedSessionContractImplementor session) {
        return session.getCacheTransactionSynchronization().getCachingTimestamp();
    }
}
