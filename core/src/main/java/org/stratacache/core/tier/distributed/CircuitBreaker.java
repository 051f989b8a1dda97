package org.stratacache.core.tier.distributed;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps callers from waiting on a cluster that is down.
 *
 * <p>Closed: calls go to the cluster; {@code failureThreshold} consecutive failures open it. Open: calls
 * fail at once (the region degrades to the database) for {@code openForNanos}. Then the first caller
 * becomes the probe (half-open): it runs the recovery routine — which replays what could not reach the
 * cluster and resynchronises local mirrors — and only when that succeeds does the breaker close. Every
 * other caller keeps failing fast while the probe runs.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long openedAtNanos;
    private final java.util.concurrent.atomic.LongAdder opens = new java.util.concurrent.atomic.LongAdder();

    CircuitBreaker(int failureThreshold, long openForNanos, LongSupplier nanoClock) {
        this.failureThreshold = failureThreshold;
        this.openForNanos = openForNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * True when the caller may go to the cluster. When the open period is over, one caller runs
     * {@code recovery} as the probe; it gets true only if recovery succeeded.
     */
    boolean allow(BooleanSupplier recovery) {
        State current = state.get();
        if (current == State.CLOSED) {
            return true;
        }
        if (current == State.HALF_OPEN || nanoClock.getAsLong() - openedAtNanos < openForNanos
                || !state.compareAndSet(State.OPEN, State.HALF_OPEN)) {
            return false;
        }
        boolean recovered;
        try {
            recovered = recovery.getAsBoolean();
        } catch (RuntimeException e) {
            recovered = false;
        }
        if (recovered) {
            consecutiveFailures.set(0);
            state.set(State.CLOSED);
        } else {
            openedAtNanos = nanoClock.getAsLong();
            state.set(State.OPEN);
        }
        return recovered;
    }

    void succeeded() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** Records a failure; true when this failure opened the breaker. */
    boolean failed() {
        if (consecutiveFailures.incrementAndGet() >= failureThreshold && state.get() == State.CLOSED) {
            openedAtNanos = nanoClock.getAsLong();
            if (state.compareAndSet(State.CLOSED, State.OPEN)) {
                opens.increment();
                return true;
            }
        }
        return false;
    }

    State state() {
        return state.get();
    }

    long opens() {
        return opens.sum();
    }
}
