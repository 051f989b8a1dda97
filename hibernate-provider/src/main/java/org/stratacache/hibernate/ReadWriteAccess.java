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
 * the release — a load that read the row before the commit can then never put its old value back.
 *
 * <p>The same protocol serves TRANSACTIONAL mappings (reported as such by {@link #getAccessType()}): the store
 * is not an XA resource, so nothing may be written to it before the commit (see {@link StrataDomainDataRegion}).
 *
 * <h2>The order of a release and a load</h2>
 * Every release (unlock, after-update, the tombstone put where the lock had vanished) and every lock takes its
 * timestamp <em>inside</em> the key's transition, so the timestamps a key's entries carry grow in the order
 * the transitions were applied: the release time stored is later than every commit released so far. A
 * transaction that read the row before one of those commits began before that commit, so its caching
 * timestamp is at or before the stored release time and its load is refused; a transaction that began after
 * the last release read the committed row and is cached at once. (Taking the timestamp before the transition,
 * as this class once did, let a release paused between the two store an older time over a later holder's
 * release, and a load that read the row before that holder's commit was accepted: {@code ReadWriteRaceTest}
 * saw it under load, {@code ReadWriteOrderTest} replays it.) On the local tier one {@link Timestamper} per
 * store stamps everything and the order is exact; on the distributed tier members' clocks agree only to
 * {@link Timestamper#skewAllowance()}, and a load must begin that much after the release.
 *
 * <p>A release survives its entry: each is also recorded in the region's {@link ReleaseTimes}, and a load into
 * an absent key (the unlocked entry evicted) is refused when its transaction began at or before the release
 * time of the key's stripe.
 *
 * <h2>No lock convoy</h2>
 * Hibernate's own implementation does each transition as get-then-put under one read-write lock per
 * region and JVM: every put and unlock of any key in the region queues behind every other, and the
 * transition is not atomic for another JVM sharing the store. Here each transition is a function of
 * the key's current entry applied by {@link org.stratacache.core.Region#compute}: serialised per key only,
 * and a compare-and-set towards the tier. A transition may run more than once (a lost compare-and-set); it
 * then takes a newer timestamp and records the release again, which only moves times forward. Reads take no
 * lock at all.
 *
 * <h2>Bulk operations</h2>
 * {@link #lockRegion()} raises a fence that refuses every {@code putFromLoad} until
 * {@link #unlockRegion(SoftLock)}; {@link #removeAll} clears the region when the bulk operation starts (so
 * the bulk transaction itself, and everyone else, stop reading what it is changing), and the unlock clears
 * it again and then refuses loads from transactions that began before it. A load checks the fence before
 * its transition, inside it and after it (taking its value out again when a bulk operation began
 * meanwhile), so a load that passed the first check just before the bulk operation began cannot land after
 * the clear. The fence is per SessionFactory (this JVM).
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
    /** Loads by transactions that began at or before this are refused (a bulk operation ended after). */
    private final AtomicLong loadFence = new AtomicLong(Long.MIN_VALUE);

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
        if (!admitsLoad(tx)) {
            storage.coalescer().cancel(key);
            return false;
        }
        CachedItem item = new CachedItem(value, version, tx);
        long allowance = timestamper.skewAllowance();
        ReleaseTimes releases = storage.releaseTimes();
        Object now = storage.updateFromLoad(key, session, current -> {
            if (!admitsLoad(tx)) {
                return current; // a bulk operation began since the check above
            }
            if (current == null) {
                // the key's entry may have been evicted after a release this load began before
                return tx > releases.lastRelease(key) + allowance ? item : null;
            }
            if (minimalPut && version == null) {
                return current; // minimal puts: without a version, assume what is cached is current
            }
            boolean replaceable = current instanceof CachedItem cached ? cached.replaceableBy(version, versions)
                    : current instanceof SoftLockEntry lock && lock.replaceableBy(tx, allowance, version, versions);
            return replaceable ? item : current;
        });
        if (now == item && !admitsLoad(tx)) {
            // a bulk operation began while the value was stored, perhaps after its clear: take it out again
            withdraw(key, item);
            return false;
        }
        return now == item;
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
        storage.changedBy(session); // an update or delete of the key is about to run in this transaction
        SoftLockEntry.Handle fresh = newHandle();
        Object held = storage.update(key, current -> {
            long now = timestamper.next(); // in the transition, as every timestamp of a key: see the class doc
            long timeout = now + Timestamper.LOCK_TIMEOUT;
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
        SoftLockEntry.Handle fresh = newHandle();
        storage.update(key, current -> {
            long now = released(key);
            return current instanceof SoftLockEntry held && held.isHeldBy(lock)
                    ? held.unlock(now) : lockVanished(current, fresh, now);
        });
    }

    /** After an insert committed: caches the value unless something is cached already. */
    boolean cacheInserted(Object key, Object value, Object version) {
        CachedItem[] inserted = new CachedItem[1];
        Object now = storage.update(key, current -> current != null ? current
                : (inserted[0] = new CachedItem(value, version, timestamper.next())));
        return now != null && now == inserted[0];
    }

    /**
     * After an update committed: caches the new value when this transaction was the lock's only holder;
     * otherwise only releases its share of the lock (another transaction's outcome is unknown).
     */
    boolean cacheUpdated(Object key, Object value, Object version, SoftLock lock) {
        SoftLockEntry.Handle fresh = newHandle();
        CachedItem[] updated = new CachedItem[1];
        Object now = storage.update(key, current -> {
            long released = released(key);
            if (current instanceof SoftLockEntry held && held.isHeldBy(lock)) {
                return held.concurrent() ? held.unlock(released)
                        : (updated[0] = new CachedItem(value, version, released));
            }
            return lockVanished(current, fresh, released);
        });
        return now != null && now == updated[0];
    }

    /**
     * Called inside a release transition of {@code key}: its timestamp, later than every transition of the key
     * applied before, recorded in the region's {@link ReleaseTimes}.
     */
    private long released(Object key) {
        long now = timestamper.next();
        storage.releaseTimes().record(key, now);
        return now;
    }

    /**
     * A release found {@code current} where its lock should have been (the lock expired or was evicted): loads
     * that began before {@code now} must still be refused. A live lock of another transaction stays held, but may
     * no longer cache its holder's value (this release's commit may be newer than that one's); anything else
     * becomes an unlocked tombstone.
     */
    private static Object lockVanished(Object current, SoftLockEntry.Handle fresh, long now) {
        if (current instanceof SoftLockEntry other && other.holders() > 0 && !other.expiredAt(now)) {
            return other.shared();
        }
        return SoftLockEntry.tombstone(fresh, now);
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
        loadFence.accumulateAndGet(timestamper.next(), Math::max); // never back: bulk operations may end at once
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

    /**
     * Takes {@code stored} out again unless something else replaced it meanwhile. Matched by its timestamp, not by
     * reference: a tier storing by value hands back a copy.
     */
    private void withdraw(Object key, CachedItem stored) {
        storage.update(key, current -> current instanceof CachedItem cached && cached.timestamp() == stored.timestamp()
                ? null : current);
    }

    /** No bulk operation is running, and none ended after a transaction that began at {@code tx}. */
    private boolean admitsLoad(long tx) {
        return regionLocks.get() == 0 && tx > loadFence.get();
    }

    private SoftLockEntry.Handle newHandle() {
        return new SoftLockEntry.Handle(source, nextLockId.getAndIncrement());
    }

    private static long txTimestamp(SharedSessionContractImplementor session) {
        return session.getCacheTransactionSynchronization().getCachingTimestamp();
    }
}
