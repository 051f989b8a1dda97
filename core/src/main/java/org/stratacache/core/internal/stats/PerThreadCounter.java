package org.stratacache.core.internal.stats;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exact counter whose increment writes only memory of the counting thread: each platform thread counts into a
 * cell of its own (a plain store; one writer per cell, so no atomic instruction), and {@link #sum()} adds the cells
 * up. For counts taken on every cache hit.
 *
 * <p>Why not {@link LongAdder}: an adder keeps at most as many cells as there are processors and moves a thread to
 * another cell only when its compare-and-set <em>fails</em>. Two threads that hash to one cell mostly succeed, each
 * taking the cache line from the other, so they stay there; with many threads some pairs will. A cell per thread
 * cannot collide, and costs no more on one thread ({@code HitCounterBenchmark}, 2-core machine: 2.38 / 2.47 ns
 * per increment at 1 / 2 threads, the adder 2.56 / 3.12 ns).
 *
 * <p>Virtual threads (a Java 21 runtime) count into a shared {@link LongAdder} instead: there may be millions of
 * them, each living for one task. The cells of threads that have ended are folded into one total when a new
 * thread registers or the counter is read, so the cells held stay about the number of live threads that counted.
 *
 * <p>{@link #reset()} moves a baseline instead of zeroing the cells (their owners may be writing them); like
 * {@code LongAdder.reset()}, increments running concurrently with it may land on either side.
 */
public final class PerThreadCounter {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * A cell is a {@code long[CELL_LONGS]} whose middle element is the count: at least 64 bytes of the same array
     * on either side of it, so no two threads' counts share a cache line.
     */
    private static final int CELL_LONGS = 16;
    private static final int COUNT = 8;
    /** {@code Thread.isVirtual()} where the runtime has it (Java 19+), else null. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(this::register);
    private final LongAdder shared = new LongAdder();
    /** Guarded by {@code this}: the cells of the threads that registered and were alive at the last sweep. */
    private final List<Cell> cells = new ArrayList<>();
    /** Guarded by {@code this}: what the swept cells of ended threads had counted. */
    private long ended;
    /** Guarded by {@code this}: the sum at the last {@link #reset()}. */
    private long baseline;
    /** Guarded by {@code this}: the cell count above which a registration sweeps ended threads' cells first. */
    private int sweepAt = 16;

    private record Cell(WeakReference<Thread> owner, long[] slots) {
    }

    public void increment() {
        add(1);
    }

    public void add(long n) {
        if (IS_VIRTUAL != null && isVirtual(Thread.currentThread())) {
            shared.add(n);
            return;
        }
        long[] cell = mine.get();
        // the only writer of this cell: read and write without an atomic instruction, opaque so a reader sees it
        SLOT.setOpaque(cell, COUNT, (long) SLOT.getOpaque(cell, COUNT) + n);
    }

    /** The count since creation or the last {@link #reset()}; exact once no increment is in progress. */
    public synchronized long sum() {
        sweep();
        long total = ended + shared.sum();
        for (Cell c : cells) {
            total += (long) SLOT.getOpaque(c.slots(), COUNT);
        }
        return total - baseline;
    }

    /** Counts from zero again. */
    public synchronized void reset() {
        baseline += sum();
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }

    private synchronized long[] register() {
        if (cells.size() >= sweepAt) {
            sweep();
            sweepAt = Math.max(16, cells.size() * 2);
        }
        long[] slots = new long[CELL_LONGS];
        cells.add(new Cell(new WeakReference<>(Thread.currentThread()), slots));
        return slots;
    }

    /**
     * Folds the cells of threads that have ended into {@link #ended}. Reading a cell after seeing its thread ended
     * is exact: a thread's last action happens-before another thread's seeing it terminated ({@code isAlive}).
     */
    private void sweep() {
        cells.removeIf(c -> {
            Thread owner = c.owner().get();
            if (owner != null && owner.isAlive()) {
                return false;
            }
            ended += (long) SLOT.getOpaque(c.slots(), COUNT);
            return true;
        });
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17: no virtual threads
        }
    }
}
