package org.stratacache.hibernate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.stratacache.core.RegionStore;

/**
 * Hibernate's cache "timestamps": milliseconds of a {@link CacheClock} shifted left by {@value #SHIFT} bits,
 * with the low bits counting calls within one millisecond, so that every call returns a larger value than
 * the one before (Hibernate compares them with {@code >} and {@code >=}) while staying comparable with the
 * clock's time across processes. The same unit Hibernate's own timestamper uses, so timeouts mean what
 * Hibernate expects.
 */
final class Timestamper {
    static final int SHIFT = 12;
    /** How long a soft lock holds before it is considered abandoned: 60 s, in timestamp units. */
    static final long LOCK_TIMEOUT = TimeUnit.SECONDS.toMillis(60) << SHIFT;

    /**
     * One timestamper per store for the SessionFactories that share it in this JVM: two timestampers on one clock
     * are not one order (each counts its own calls within a millisecond), so a second SessionFactory's load could
     * be stamped after an unlock it began before (issue 17; SharedStoreTest saw the other half: an update not yet
     * readable by the other SessionFactory).
     */
    private static final Map<RegionStore, Timestamper> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    private final CacheClock clock;
    private final long skewAllowance;
    private final AtomicLong last = new AtomicLong();

    /** The timestamper every SessionFactory of this JVM on {@code store} uses (made on first use). */
    static Timestamper of(RegionStore store, CacheClock clock, long skewAllowance) {
        return BY_STORE.computeIfAbsent(store, s -> new Timestamper(clock, skewAllowance));
    }

    /** Timestamps of one process's clock: exact order, no allowance. */
    Timestamper(CacheClock clock) {
        this(clock, 0);
    }

    /**
     * @param skewAllowance how far, in timestamp units, the timestamps of other processes sharing the regions
     *                      may be out of order with these ({@link SoftLockEntry#CLUSTER_SKEW_ALLOWANCE} on the
     *                      distributed tier; 0 where this timestamper is the only source)
     */
    Timestamper(CacheClock clock, long skewAllowance) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (skewAllowance < 0) {
            throw new IllegalArgumentException("skewAllowance must be >= 0: " + skewAllowance);
        }
        this.skewAllowance = skewAllowance;
    }

    /**
     * How far timestamps compared with this one's may be out of order, and so how long after a key's release a
     * load is still refused (and how much later a table's change is recorded): 0 when every timestamp compared comes
     * from this timestamper (the local tier), so a load that began after the release is cached at once;
     * {@link SoftLockEntry#CLUSTER_SKEW_ALLOWANCE} on the distributed tier. The one place READ_WRITE access and
     * the update-timestamps region read it from.
     */
    long skewAllowance() {
        return skewAllowance;
    }

    /** A timestamp larger than every earlier one from this timestamper. */
    long next() {
        long now = clock.currentTimeMillis() << SHIFT;
        return last.accumulateAndGet(now, (previous, base) -> Math.max(previous + 1, base));
    }
}
