package org.stratacache.core.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that runs an action every tick for as long as some user holds it: {@link #retain(Runnable)} starts
 * it with the first user, {@link #release(String)} stops it with the last, so a JVM with no open store has no such thread.
 * Shared by the {@link CoarseClock} and the {@link TickExecutor}, each with a thread of its own: the clock must
 * keep ticking while maintenance waits for a lock.
 */
final class TickingThread {
    private final String name;
    private final long tickNanos;
    private final Runnable onTick;
    private final Runnable onStop;
    /** Guarded by {@code this}. */
    private int users;
    /** The running thread; a thread that is no longer this one stops. */
    private volatile Thread ticking;

    /**
     * @param onTick run every {@code tickNanos} on the thread
     * @param onStop run once on the thread when it stops (after its last tick)
     */
    TickingThread(String name, long tickNanos, Runnable onTick, Runnable onStop) {
        this.name = name;
        this.tickNanos = tickNanos;
        this.onTick = onTick;
        this.onStop = onStop;
    }

    /** Whether a thread is running (a stopped one may still be running {@code onStop}). */
    boolean running() {
        return ticking != null;
    }

    /** One more user; the first starts the thread, after {@code beforeStart}. */
    synchronized void retain(Runnable beforeStart) {
        if (users++ == 0) {
            beforeStart.run();
            Thread thread = new Thread(this::loop, name);
            thread.setDaemon(true);
            ticking = thread;
            thread.start();
        }
    }

    /** One user less; the last stops the thread. */
    synchronized void release(String what) {
        if (users == 0) {
            throw new IllegalStateException(what + " was released more often than acquired");
        }
        if (--users == 0) {
            Thread stopping = ticking;
            ticking = null;
            LockSupport.unpark(stopping);
        }
    }

    private void loop() {
        Thread me = Thread.currentThread();
        while (ticking == me) {
            LockSupport.parkNanos(this, tickNanos);
            if (ticking == me) {
                onTick.run();
            }
        }
        onStop.run();
    }
}
