package org.stratacache.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor for work that may wait a millisecond: {@code execute} queues the task and returns without waking any
 * thread, and one daemon thread per JVM runs the queued tasks, in order, every {@link #TICK_NANOS} (later on a loaded
 * machine). It runs the local tier's Caffeine maintenance (replaying read buffers into the eviction policy,
 * evicting).
 *
 * <p>Why: handed to a pool (Caffeine's default, the common pool), that work woke a parked pool thread each time a
 * read buffer filled, every 16 reads or so, and the wake-up is a system call on the reader's thread: in the JDBC hit
 * benchmark a quarter of the reading thread's samples were in {@code ForkJoinPool.execute} (async-profiler, 6 Dec),
 * and a region hit took 60–82 ns instead of 29–40.
 *
 * <p>The thread runs only while some user holds the executor ({@link #acquire()} / {@link #release()}); it runs what
 * is queued once more when it stops. With no thread running, a task runs on the caller: only that task, since the
 * caller may hold a lock of its own (Caffeine calls {@code execute} holding the cache's eviction lock), and running
 * another cache's maintenance there could take that cache's lock in the other order.
 */
public final class TickExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(TickExecutor.class);

    /** How often the queued tasks run. */
    public static final long TICK_NANOS = 1_000_000;

    private static final TickExecutor INSTANCE = new TickExecutor();

    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final TickingThread thread = new TickingThread("strata-maintenance", TICK_NANOS, this::runQueued,
            this::runQueued);

    private TickExecutor() {
    }

    /** The shared executor, its thread running until as many {@link #release()} calls as acquisitions. */
    public static TickExecutor acquire() {
        INSTANCE.thread.retain(() -> { });
        return INSTANCE;
    }

    /** Gives up one acquisition; the last one stops the thread (which first runs what is queued). */
    public void release() {
        thread.release("the maintenance executor");
    }

    @Override
    public void execute(Runnable task) {
        if (!thread.running()) {
            task.run();
            return;
        }
        queued.add(task);
        if (!thread.running() && queued.remove(task)) {
            task.run(); // the thread stopped meanwhile, and may have run its last round before the add
        }
    }

    private void runQueued() {
        for (Runnable task = queued.poll(); task != null; task = queued.poll()) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("Strata: a maintenance task failed; the others go on", e);
            }
        }
    }
}
