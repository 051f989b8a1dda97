package org.stratacache.jdbc.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time one analysis may take, counted on the analysing thread's CPU clock: the work the analysis does,
 * not the time the thread waits for a processor or for a garbage collection (on a loaded machine wall-clock
 * time would make statements "too complex" at random). Where the JVM cannot measure thread CPU time, the
 * wall clock counts instead.
 *
 * <p>Cheap to {@link #check()} often: the CPU clock (a system call) is read only once the wall clock says the
 * budget may be spent, since a thread cannot use more CPU time than time passes. Confined to one thread.
 */
final class Budget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = cpuClock();

    private final long allowed;
    private final long start;
    /** Wall time ({@link System#nanoTime()}) before which the budget cannot be spent. */
    private long nextLook;

    /** A budget of {@code allowedNanos}, starting now on the calling thread. */
    Budget(long allowedNanos) {
        this.allowed = allowedNanos;
        this.start = clock();
        this.nextLook = System.nanoTime() + allowedNanos;
    }

    /** Throws {@link Spent} when the budget is spent. */
    void check() {
        if (System.nanoTime() - nextLook >= 0) {
            long used = used();
            if (used >= allowed) {
                throw Spent.INSTANCE;
            }
            nextLook = System.nanoTime() + (allowed - used);
        }
    }

    /** Time used since the start. */
    long used() {
        return clock() - start;
    }

    long allowed() {
        return allowed;
    }

    private static long clock() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static boolean cpuClock() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
                    && THREADS.getCurrentThreadCpuTime() >= 0;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Thrown from deep inside the parser or the tree walk when the budget is spent. One shared instance without
     * a stack trace: it says nothing more.
     */
    static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Spent INSTANCE = new Spent();

        private Spent() {
            super("over the analysis budget", null, false, false);
        }
    }
}
