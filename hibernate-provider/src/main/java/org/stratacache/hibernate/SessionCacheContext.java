package org.stratacache.hibernate;

import java.util.ArrayList;
import java.util.List;

import org.hibernate.cache.spi.CacheTransactionSynchronization;

/**
 * The per-session cache context Hibernate asks the region factory for: the session's caching timestamp
 * (when its current transaction began, or when the session opened) and the database loads this session
 * owns on behalf of others (see {@link LoadCoalescer}).
 *
 * <p>Confined to its session's thread, as the session is; the loads it owns are released when the
 * session's transaction completes, whatever happened to them.
 */
final class SessionCacheContext implements CacheTransactionSynchronization {
    private final Timestamper timestamper;
    private long cachingTimestamp;
    private List<LoadCoalescer.PendingLoad> ownedLoads;

    SessionCacheContext(Timestamper timestamper) {
        this.timestamper = timestamper;
        this.cachingTimestamp = timestamper.next();
    }

    @Override
    public long getCachingTimestamp() {
        return cachingTimestamp;
    }

    @Override
    public void transactionJoined() {
        cachingTimestamp = timestamper.next();
    }

    @Override
    public void transactionCompleting() {
    }

    @Override
    public void transactionCompleted(boolean successful) {
        releaseOwnedLoads();
    }

    /** Records a load this session claimed: other sessions missing the same key wait for it. */
    void owns(LoadCoalescer.PendingLoad load) {
        if (ownedLoads == null) {
            ownedLoads = new ArrayList<>(2);
        }
        ownedLoads.removeIf(l -> !l.isOpen());
        ownedLoads.add(load);
    }

    /**
     * True while this session owns a load that others may be waiting for. Such a session never waits for
     * another session's load itself: waits then only ever point at sessions that wait for nobody, so two
     * sessions loading each other's associations cannot deadlock.
     */
    boolean ownsOpenLoad() {
        if (ownedLoads == null) {
            return false;
        }
        long now = System.nanoTime();
        for (LoadCoalescer.PendingLoad load : ownedLoads) {
            if (load.isOpen() && !load.expired(now)) {
                return true;
            }
        }
        return false;
    }

    void releaseOwnedLoads() {
        if (ownedLoads != null) {
            ownedLoads.forEach(LoadCoalescer.PendingLoad::abandon);
            ownedLoads.clear();
        }
    }
}
