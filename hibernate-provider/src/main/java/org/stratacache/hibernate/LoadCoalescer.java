package org.stratacache.hibernate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Single-flight for second-level cache misses: while one session loads a key from the database, other
 * sessions that miss the same key wait for that load's {@code putFromLoad} instead of loading it again.
 *
 * <h2>Why it has to work this way</h2>
 * Hibernate never hands the cache a loader. It asks {@code get(key)}; on a miss it runs the SQL itself and
 * later, separately, calls {@code putFromLoad(key, value)} — or does not: the row may not exist, the
 * session may be in {@code CacheMode.GET}, the {@code get} may only have been a probe (batch fetching,
 * {@code isTransient}) with no load behind it. So the cache cannot run the load; it can only let the first
 * miss <em>claim</em> the key and make later misses wait for the claim's outcome:
 * <ul>
 *   <li>the owner's {@code putFromLoad} completes the claim with what is now cached — waiters return it
 *       (READ_WRITE waiters still apply the usual readability check to it);</li>
 *   <li>any write or invalidation of the key (soft lock, remove, evict, clear) completes it empty —
 *       waiters report a miss and load themselves, so no waiter gets a value older than a write that
 *       started after it began waiting;</li>
 *   <li>the owner's transaction completing releases whatever it still owns;</li>
 *   <li>a claim is only honoured for {@code strata.hibernate.coalesce-wait}: a waiter never waits longer,
 *       and a later miss replaces an expired claim. That bounds the cost of claims nobody fulfils.</li>
 * </ul>
 * A session that owns an open claim never waits (see {@link SessionCacheContext#ownsOpenLoad()}), which
 * rules out deadlocks between sessions loading each other's associations.
 *
 * <p>Claims are per JVM and per SessionFactory: other processes on a shared tier load on their own.
 */
final class LoadCoalescer {
    private final ConcurrentHashMap<Object, PendingLoad> pending = new ConcurrentHashMap<>();
    private final long maxWaitNanos;
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder claims = new LongAdder();

    LoadCoalescer(long maxWaitNanos) {
        this.maxWaitNanos = maxWaitNanos;
    }

    /**
     * Called on a miss. Returns what another session's load of the key cached, or {@code null} when the
     * caller must load the key itself (and, if nobody was loading it, now owns the claim).
     */
    Object onMiss(Object key, SharedSessionContractImplementor session) {
        if (maxWaitNanos <= 0 || !(session.getCacheTransactionSynchronization() instanceof SessionCacheContext ctx)) {
            return null;
        }
        long now = System.nanoTime();
        PendingLoad mine = null;
        while (true) {
            PendingLoad running = pending.get(key);
            if (running == null || running.expired(now)) {
                if (mine == null) {
                    mine = new PendingLoad(this, key, ctx, now + maxWaitNanos);
                }
                boolean claimed = running == null ? pending.putIfAbsent(key, mine) == null
                        : pending.replace(key, running, mine);
                if (claimed) {
                    if (running != null) {
                        running.complete(null);
                    }
                    ctx.owns(mine);
                    claims.increment();
                    return null;
                }
                continue; // lost the race for the claim: look again
            }
            if (running.owner == ctx || ctx.ownsOpenLoad()) {
                return null;
            }
            Object value = running.await();
            if (value != null) {
                coalesced.increment();
            }
            return value;
        }
    }

    /** A load of the key finished: waiters get {@code cached} (what the cache now holds, may be null). */
    void loaded(Object key, Object cached) {
        if (pending.isEmpty()) {
            return; // the common case: nobody is waiting, skip the map write
        }
        PendingLoad load = pending.remove(key);
        if (load != null) {
            load.complete(cached);
        }
    }

    /** The key was written or invalidated: waiters load it themselves. */
    void cancel(Object key) {
        loaded(key, null);
    }

    void cancelAll() {
        pending.forEach((key, load) -> {
            if (pending.remove(key, load)) {
                load.complete(null);
            }
        });
    }

    /** Misses answered by another session's load. */
    long coalescedCount() {
        return coalesced.sum();
    }

    /** Misses that claimed a key (and were then expected to load it). */
    long claimCount() {
        return claims.sum();
    }

    /** Sessions waiting right now for another's load (for tests and diagnostics). */
    int waitingCount() {
        int n = 0;
        for (PendingLoad load : pending.values()) {
            n += load.waiters.get();
        }
        return n;
    }

    /** One claimed load of one key. */
    static final class PendingLoad {
        private final LoadCoalescer coalescer;
        private final Object key;
        final SessionCacheContext owner;
        private final long deadlineNanos;
        private final CompletableFuture<Object> result = new CompletableFuture<>();
        private final AtomicInteger waiters = new AtomicInteger();

        PendingLoad(LoadCoalescer coalescer, Object key, SessionCacheContext owner, long deadlineNanos) {
            this.coalescer = coalescer;
            this.key = key;
            this.owner = owner;
            this.deadlineNanos = deadlineNanos;
        }

        boolean isOpen() {
            return !result.isDone();
        }

        boolean expired(long nowNanos) {
            return nowNanos - deadlineNanos >= 0;
        }

        void complete(Object cached) {
            result.complete(cached);
        }

        /** The owner gives the claim up without a value. */
        void abandon() {
            if (coalescer.pending.remove(key, this)) {
                complete(null);
            }
        }

        /** What the load cached, or null when it cached nothing, was cancelled or overran the wait. */
        Object await() {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return result.getNow(null);
            }
            waiters.incrementAndGet();
            try {
                return result.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                waiters.decrementAndGet();
            }
        }
    }
}
