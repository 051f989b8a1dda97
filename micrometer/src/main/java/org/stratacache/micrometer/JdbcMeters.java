package org.stratacache.micrometer;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.NotQueuedReason;
import org.stratacache.jdbc.UncachedReason;

/**
 * The {@code strata.jdbc.*} meters. The only class of this module that names the JDBC module's types, and
 * loaded only when a binder was given JDBC statistics: {@code strata-jdbc} is an optional dependency.
 *
 * <p>Every reason is registered up front, at zero, so that a dashboard can show the series before the first
 * such read and the set of series never changes at run time.
 */
final class JdbcMeters {
    private static final String READS = "Reads through Strata JDBC: answered from the cache (hit), run on the "
            + "database as cacheable (miss), or run uncached, with the reason";

    private JdbcMeters() {
    }

    @SuppressWarnings("unchecked")
    static void bind(MeterRegistry registry, Tags tags, Supplier<?> statistics, LongAdder failures) {
        Reading<JdbcStats> reading = new Reading<>("the JDBC statistics", (Supplier<JdbcStats>) statistics,
                failures);
        Meters<Reading<JdbcStats>> m = new Meters<>(registry, tags, reading);
        m.with("result", "hit").with("reason", "none").counter("strata.jdbc.reads", READS,
                r -> read(r, JdbcStats::hits));
        m.with("result", "miss").with("reason", "none").counter("strata.jdbc.reads", READS,
                r -> read(r, JdbcStats::misses));
        for (UncachedReason reason : UncachedReason.values()) {
            m.with("result", "uncached").with("reason", StrataMetrics.tagValue(reason)).counter("strata.jdbc.reads",
                    READS, r -> read(r, s -> s.uncached(reason)));
        }
        m.counter("strata.jdbc.streamed", "Of the misses, those whose result exceeded the "
                + "row or byte limit and streamed from the database uncached", r -> read(r, JdbcStats::streamed));
        m.counter("strata.jdbc.not.admitted", "Of the misses, those not stored because the "
                + "query had not missed before (strata.jdbc.admission=second-miss)",
                r -> read(r, JdbcStats::notAdmitted));
        m.counter("strata.jdbc.invalidations", "Table or all-tags invalidations by writes",
                r -> read(r, JdbcStats::invalidations));
        m.counter("strata.jdbc.failures", "Strata's own failures, degraded to pass-through",
                r -> read(r, JdbcStats::strataFailures));
        m.counter("strata.jdbc.function.lookups", "Volatility of user functions read from the database's catalog",
                r -> read(r, JdbcStats::functionLookups));
        m.counter("strata.jdbc.function.lookup.failures", "Catalog lookups of user functions that failed (the "
                + "function then counts as volatile)", r -> read(r, JdbcStats::functionLookupFailures));
        for (NotQueuedReason reason : NotQueuedReason.values()) {
            m.with("reason", StrataMetrics.tagValue(reason)).counter("strata.jdbc.writebehind.not.queued",
                    "Statements on write-behind tables that ran on the database instead of "
                            + "being queued, by reason", r -> read(r, s -> s.notQueued(reason)));
        }
    }

    private static double read(Reading<JdbcStats> reading, ToLongFunction<JdbcStats> field) {
        JdbcStats s = reading.get();
        return s == null ? 0 : field.applyAsLong(s);
    }
}
