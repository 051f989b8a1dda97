package org.stratacache.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A nanosecond clock that costs one field read: a daemon thread refreshes the field from
 * {@link System#nanoTime()} every {@link #TICK_NANOS}, and readers read the field.
 *
 * <p>Why: an expiring cache must know the time on every hit, and {@code System.nanoTime()} was most of a hit's
 * cost — a Caffeine hit with a per-entry expiry took 76 ns against 23 ns without one, and 45 ns with this clock
 * ({@code RegionHitBenchmark}, one thread, 2-core virtual machine). Cache expiry needs no more precision than a
 * millisecond: an entry is served at most one tick (plus however late the ticking thread runs on a loaded
 * machine) past its TTL, and expires no later than that. Entries written while the clock lags get an earlier
 * deadline, never a later one.
 *
 * <p>One thread per JVM, shared by every user, runs only while some user holds the clock
 * ({@link #acquire()} / {@link #release()}): a JVM with no open store has no ticking thread.
 *
 * <p><b>Work that may wait a tick.</b> The same thread runs what is handed to {@link #atNextTick()}: the local
 * tier's Caffeine maintenance (replaying the read buffer into the eviction policy, evicting). Handed to a pool, that
 * work woke a parked pool thread every 16 reads or so, and the wake-up is a system call on the reader's thread: in
 * the JDBC hit benchmark a quarter of the reading thread's time went to {@code ForkJoinPool.execute} (async-profiler,
 * 6 Dec). Queued for the tick, a reader pays one queue insert and wakes nobody; the work runs within a tick.
 */
public final class CoarseClock {
    private static final Logger LOG = LoggerFactory.getLogger(CoarseClock.class);

    /** How often the time is refreshed. */
    public static final long TICK_NANOS = 1_000_000;

    private static final CoarseClock INSTANCE = new CoarseClock();

    private volatile long now = System.nanoTime();
    /** Guarded by {@code this}. */
    private int users;
    /** The thread that refreshes {@link #now}; a thread that is no longer this one stops. */
    private volatile Thread ticking;
    /** Work for the next tick ({@link #atNextTick()}). */
    private final Queue<Runnable> nextTick = new ConcurrentLinkedQueue<>();
    private final Executor atNextTick = this::runAtNextTick;

    private CoarseClock() {
    }

    /** The shared clock, ticking until as many {@link #release()} calls as acquisitions. */
    public static CoarseClock acquire() {
        INSTANCE.retain();
        return INSTANCE;
    }

    /** The time in nanoseconds, as {@link System#nanoTime()} read at most a tick ago. */
    public long nanoTime() {
        return now;
    }

    /**
     * An executor whose tasks run on the ticking thread at its next tick (within {@link #TICK_NANOS}, later on a
     * loaded machine), in the order given; {@code execute} queues and returns without waking any thread. With no
     * thread ticking (every user released the clock) a task runs on the caller, so none is ever left waiting.
     */
    public Executor atNextTick() {
        return atNextTick;
    }

    private void runAtNextTick(Runnable task) {
        nextTick.add(task);
        if (ticking == null) {
            runQueued(); // the thread stopped, or is stopping and may have run its last round before this add
        }
    }

    private void runQueued() {
        for (Runnable task = nextTick.poll(); task != null; task = nextTick.poll()) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("Strata: a task run at the clock's tick failed; the clock goes on", e);
            }
        }
    }

    /** Gives up one acquisition; the last one stops the thread. */
    public synchronized void release() {
        if (users == 0) {
            throw new IllegalStateException("the coarse clock was released more often than acquired");
        }
        if (--users == 0) {
            Thread stopping = ticking;
            ticking = null;
            LockSupport.unpark(stopping);
        }
    }

    private synchronized void retain() {
        if (users++ == 0) {
            now = System.nanoTime();
            Thread thread = new Thread(this::tick, "strata-coarse-clock");
            thread.setDaemon(true);
            ticking = thread;
            thread.start();
        }
    }

    private void tick() {
        Thread me = Thread.currentThread();
        while (ticking == me) {
            LockSupport.parkNanos(this, TICK_NANOS);
            long time = System.nanoTime();
            if (ticking == me && time - now > 0) {
                now = time;
            }
            runQueued();
        }
        runQueued();
    }
}
