package org.stratacache.micrometer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source of statistics read on scrape (a region's, a queue's, the JDBC counters), remembering the last
 * snapshot it got. Counters must never go down, so when the source cannot be read (its store closed, or it
 * threw) the meters keep showing the last snapshot; a throw is counted in {@code failures} (the
 * {@code strata.metrics.read.failures} meter) and logged once, never passed to the registry, which would
 * drop the whole scrape on some registries.
 *
 * @param <T> the snapshot type
 */
final class Reading<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Reading.class);

    private final String what;
    private final Supplier<T> source;
    private final LongAdder failures;
    private final AtomicBoolean logged = new AtomicBoolean();
    private volatile T last;

    /**
     * @param what     for the log line: which source this is
     * @param source   the fresh snapshot, or null when there is none now (closed store, unknown store name)
     * @param failures where throws of {@code source} are counted
     */
    Reading(String what, Supplier<T> source, LongAdder failures) {
        this.what = what;
        this.source = source;
        this.failures = failures;
    }

    /** A fresh snapshot, else the last one seen, else null (nothing was ever read). */
    T get() {
        try {
            T now = source.get();
            if (now != null) {
                last = now;
                return now;
            }
        } catch (RuntimeException e) {
            failures.increment();
            if (logged.compareAndSet(false, true)) {
                LOG.warn("Strata metrics: reading {} failed; its meters show the last values read (logged once, "
                        + "counted in strata.metrics.read.failures)", what, e);
            } else {
                LOG.debug("Strata metrics: reading {} failed", what, e);
            }
        }
        return last;
    }
}
