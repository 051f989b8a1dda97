package org.stratacache.core.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that sends an invalidation bus's messages after auto-commit writes (LISTEN/NOTIFY, the polled version
 * table): writers hand it tags and go on; it sends what accumulated meanwhile as one message, and retries a failed
 * send, merged with what came meanwhile, after a pause doubling from 100 ms to the bus's maximum, until it is sent
 * or the publisher closes. Nothing handed over is dropped without an ERROR saying so.
 *
 * <p>Pacing ({@code strata.invalidation.publish-delay}), as Nagle's algorithm paces small packets: tags that find
 * the last message sent longer than the delay ago go at once; tags that find it sent more recently wait until the
 * delay since it has passed, gathering what arrives meanwhile. Why: each message is a transaction on the database
 * and a wake-up of every instance's listener, whatever it carries. Sent one per write, a steady writer paid for one
 * per write (measured on PostgreSQL, 2 cores: an auto-commit one-row UPDATE 0.82-0.87x as fast with the bus as
 * without; 0.93x paced by 2 ms, InterleavedWriteCost). A write after a quiet spell waits for nothing: the usual
 * cross-JVM delay is unchanged, and no write's notification is held back by more than the delay.
 */
public final class CoalescingPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingPublisher.class);

    /** Sends one coalesced message; throws to have it retried. */
    public interface Sender {
        /**
         * @param tags       the tags, sorted (one order for every sender: row locks are taken in it)
         * @param everything whether "everything" was handed over too
         */
        void send(Set<String> tags, boolean everything) throws Exception;

        /** Releases what the sender holds (its connection) once the publisher stops. */
        default void release() {
        }
    }

    private final String what;
    private final Sender sender;
    private final long maxBackoffMillis;
    private final long delayNanos;
    /**
     * When the last send ended ({@code System.nanoTime()}); publisher thread only. Starts a delay in the past, so
     * that the first message waits for nothing.
     */
    private long lastSentAt;
    private final AtomicLong sent;
    private final AtomicLong failures;
    private final Thread thread;
    /** Guards the pending tags; writers notify it. */
    private final Object lock = new Object();
    /** The pauses between retries wait here, so that new writes do not cut them short. */
    private final Object pause = new Object();
    private final Set<String> pending = new TreeSet<>();
    private boolean everything;
    private volatile boolean closed;

    /**
     * @param what     what is sent where, for logs and the thread's name (no password)
     * @param sent     counted once per message sent
     * @param delay    the least time from one message to the next while tags keep coming (zero: none)
     * @param failures counted once per failed attempt
     */
    public CoalescingPublisher(String what, String threadName, Sender sender, long maxBackoffMillis, Duration delay,
                               AtomicLong sent, AtomicLong failures) {
        this.what = what;
        this.sender = sender;
        this.maxBackoffMillis = Math.max(100, maxBackoffMillis);
        this.delayNanos = delay.toNanos();
        this.lastSentAt = System.nanoTime() - delayNanos;
        this.sent = sent;
        this.failures = failures;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Hands over {@code tags} (and "everything", when {@code all}); ignored once closed. */
    public void add(Collection<String> tags, boolean all) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pending.addAll(tags);
            everything |= all;
            lock.notifyAll();
        }
    }

    /** Stops after sending what is pending (one attempt each), waiting up to {@code joinMillis} for that. */
    public void close(long joinMillis) {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        LockSupport.unpark(thread); // out of gather()
        if (thread.isAlive()) {
            try {
                thread.join(joinMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits, when the last message went less than {@link #delayNanos} ago, until that long after it (outside the
     * lock: writers hand over meanwhile and join this message); cut short by {@link #close}, which sends what is
     * pending at once.
     */
    private void gather() {
        long deadline = lastSentAt + delayNanos;
        long left = deadline - System.nanoTime();
        while (left > 0 && !closed && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, left);
            left = deadline - System.nanoTime();
        }
    }

    private void run() {
        long backoff = 100;
        try {
            while (true) {
                Set<String> tags;
                boolean all;
                synchronized (lock) {
                    while (pending.isEmpty() && !everything && !closed) {
                        Quietly.waitOn(lock, 1_000);
                    }
                    if (pending.isEmpty() && !everything) {
                        return; // closed with nothing left to send
                    }
                }
                gather();
                synchronized (lock) {
                    tags = new TreeSet<>(pending);
                    all = everything;
                    pending.clear();
                    everything = false;
                }
                try {
                    sender.send(tags, all);
                    sent.incrementAndGet();
                    backoff = 100;
                    lastSentAt = System.nanoTime();
                } catch (Exception e) {
                    long failed = failures.incrementAndGet();
                    synchronized (lock) {
                        pending.addAll(tags); // coalesced with what came meanwhile, tried again after a pause
                        everything |= all;
                    }
                    if (failed == 1 || backoff >= maxBackoffMillis) {
                        LOG.warn("Strata invalidation: {} failed ({}); retrying", what, e.toString());
                    }
                    if (closed) {
                        LOG.error("Strata invalidation: closed with unsent invalidations ({}): other instances may "
                                + "serve stale results until their TTL", what);
                        return;
                    }
                    synchronized (pause) {
                        if (!closed) {
                            Quietly.waitOn(pause, backoff);
                        }
                    }
                    backoff = Math.min(maxBackoffMillis, backoff * 2);
                }
            }
        } finally {
            sender.release();
        }
    }
}
