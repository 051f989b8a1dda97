package org.stratacache.hibernate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

/**
 * The per-session cache context Hibernate asks the region factory for: the session's caching timestamp
 * (when its current transaction began, or when the session opened), the database loads this session
 * owns on behalf of others (see {@link LoadCoalescer}), and the tables its transaction changed, for the
 * other JVMs ({@link InvalidationLink}).
 *
 * <p>Confined to its session's thread, as the session is; the loads it owns are released when the
 * session's transaction completes, whatever happened to them.
 *
 * <h2>When the changed tables go out</h2>
 * Changes are recorded during the flush. The first one registers a before-completion callback with the session,
 * which Hibernate runs after the last flush and before the commit: it publishes the tables inside the
 * transaction when it can ({@link InvalidationLink#publishInTransaction}). What did not go out that way is
 * published when the transaction has committed: in {@link #transactionCompleted}, which a stateful session calls
 * after everything else of its completion (its action queue's after-completion work, which also touches the
 * regions, runs before it), or, for a stateless session, which never calls it, in an after-completion callback.
 * A rolled-back transaction publishes nothing (and PostgreSQL drops what it sent inside).
 */
final class SessionCacheContext implements CacheTransactionSynchronization {
    private final Timestamper timestamper;
    private final InvalidationLink link;
    private long cachingTimestamp;
    private List<LoadCoalescer.PendingLoad> ownedLoads;
    /** Tables changed by the current transaction; null when none. */
    private Set<String> changedTables;
    /** Of those, the tables published inside the transaction. */
    private Set<String> sentInTransaction;
    /** Counts completed transactions: a callback registered for an earlier one does nothing. */
    private long generation;
    private boolean callbacksRegistered;

    SessionCacheContext(Timestamper timestamper, InvalidationLink link) {
        this.timestamper = timestamper;
        this.link = link;
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
        completed(successful);
    }

    /** The session's transaction changed what is cached of {@code tables}. */
    void changed(Collection<String> tables, SharedSessionContractImplementor session) {
        if (tables.isEmpty()) {
            return;
        }
        if (changedTables == null) {
            changedTables = new HashSet<>();
        }
        changedTables.addAll(tables);
        if (!callbacksRegistered) {
            callbacksRegistered = true;
            long registeredIn = generation;
            TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
            callbacks.registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback) s -> {
                if (registeredIn == generation) {
                    beforeCompletion(s);
                }
            });
            if (session.isStateless()) {
                callbacks.registerCallback((TransactionCompletionCallbacks.AfterCompletionCallback) (success, s) -> {
                    if (registeredIn == generation) {
                        completed(success);
                    }
                });
            }
        }
    }

    private void beforeCompletion(SharedSessionContractImplementor session) {
        if (changedTables != null && sentInTransaction == null) {
            Set<String> tables = Set.copyOf(changedTables);
            if (link.publishInTransaction(session, tables)) {
                sentInTransaction = tables;
            }
        }
    }

    private void completed(boolean successful) {
        if (changedTables != null && successful) {
            if (sentInTransaction != null) {
                changedTables.removeAll(sentInTransaction);
            }
            link.publish(changedTables);
        }
        changedTables = null;
        sentInTransaction = null;
        callbacksRegistered = false;
        generation++;
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
