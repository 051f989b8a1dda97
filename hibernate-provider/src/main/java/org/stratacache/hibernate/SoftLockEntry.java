package org.stratacache.hibernate;

import java.io.Serializable;
import java.util.Comparator;
import java.util.UUID;

import org.hibernate.cache.spi.access.SoftLock;

/**
 * A READ_WRITE entry while (or just after) transactions update the key: never readable, and it refuses
 * loads that could be older than the update. Immutable: lock, relock and unlock each produce a new entry,
 * applied with an atomic per-key compute, so the transitions need no region-wide lock and stay correct on
 * a tier shared by several processes.
 *
 * @param handle     identifies the lock for {@code unlockItem}/{@code afterUpdate}
 * @param version    the version the entity had when first locked, or {@code null}
 * @param timeout    after this timestamp the lock counts as abandoned and a load may replace it
 * @param holders    transactions holding the lock now
 * @param concurrent true once a second transaction locked the key while it was locked
 * @param unlockedAt when the last holder released it (0 while held)
 */
record SoftLockEntry(Handle handle, Object version, long timeout, int holders, boolean concurrent, long unlockedAt)
        implements Serializable {

    /**
     * On a tier shared by several processes, how far apart their timestamps may be, in timestamp units (100 ms).
     * Timestamps of different nodes come from the cluster clock, on which members agree only to a few milliseconds:
     * a node whose clock runs ahead could stamp a transaction that read a row before another node's commit as later
     * than that commit. So on the distributed tier a load must have begun more than this after a key's last
     * release to be cached (a refused load costs a miss), and a table's change is recorded this much later in the
     * update-timestamps region ({@code StrataTimestampsRegion}). It is the distributed tier's
     * {@link Timestamper#skewAllowance()}, the one place the allowance is read from; on the local tier one
     * timestamper orders every timestamp and the allowance is 0 (see {@link ReadWriteAccess} for why that order is
     * exact: release times are taken inside the key's transition).
     */
    static final long CLUSTER_SKEW_ALLOWANCE = 100L << Timestamper.SHIFT;

    /** The caller's proof of holding a lock; equal handles denote the same lock. */
    record Handle(UUID source, long id) implements SoftLock, Serializable {
    }

    static SoftLockEntry lock(Handle handle, Object version, long timeout) {
        return new SoftLockEntry(handle, version, timeout, 1, false, 0L);
    }

    /**
     * An entry put where a lock was expected but had vanished (expired or evicted): unlocked at once, it
     * refuses every load from a transaction that began before {@code now}.
     */
    static SoftLockEntry tombstone(Handle handle, long now) {
        return new SoftLockEntry(handle, null, now + Timestamper.LOCK_TIMEOUT, 0, false, now);
    }

    SoftLockEntry relock(long newTimeout) {
        return new SoftLockEntry(handle, version, newTimeout, holders + 1, true, unlockedAt);
    }

    /**
     * Still held by its holders, but no longer theirs alone: their release unlocks instead of caching their value
     * (another transaction's release met this lock where its own had vanished, and its commit may be the newer).
     */
    SoftLockEntry shared() {
        return concurrent ? this : new SoftLockEntry(handle, version, timeout, holders, true, unlockedAt);
    }

    SoftLockEntry unlock(long now) {
        int left = holders - 1;
        return new SoftLockEntry(handle, version, timeout, Math.max(left, 0), concurrent, left <= 0 ? now : 0L);
    }

    boolean isHeldBy(SoftLock lock) {
        return handle.equals(lock);
    }

    boolean expiredAt(long now) {
        return now > timeout;
    }

    /**
     * May a load by a transaction that began at {@code txTimestamp}, of {@code newVersion}, replace it? A load
     * must have begun more than {@code skewAllowance} after the last release ({@link Timestamper#skewAllowance()}:
     * 0 on the local tier, where a load that began after the release is cached at once).
     */
    boolean replaceableBy(long txTimestamp, long skewAllowance, Object newVersion, Comparator<Object> versions) {
        if (txTimestamp > timeout) {
            return true;
        }
        if (holders > 0) {
            return false;
        }
        // A load by a transaction that began before the last unlock may have read the row before the
        // unlocking transaction committed: refused, versioned or not. The version check alone is not
        // enough: a lock re-taken after an unlock keeps the version it was first taken at, so a load one
        // commit behind the database can still carry a version newer than the lock's (regression:
        // ReadWriteRaceTest.updatesRacingLoads_versioned_leaveNothingStale failed about one run in four).
        boolean beganAfterUnlock = txTimestamp > unlockedAt + skewAllowance;
        if (version == null || newVersion == null || versions == null) {
            return beganAfterUnlock;
        }
        return beganAfterUnlock && versions.compare(version, newVersion) < 0;
    }
}
