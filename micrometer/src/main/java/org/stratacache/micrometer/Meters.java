package org.stratacache.micrometer;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

/**
 * Registers the meters of one source on one registry, every one with the same tags.
 *
 * <p>Micrometer holds the object a function meter reads only weakly (so that a meter does not keep a cache
 * alive), and nothing else of the application holds our {@link Reading}s: the functions here capture the
 * state themselves, which the meter holds strongly, so a binder that nobody keeps a reference to still
 * reports. What a reading keeps alive after its store closed is only a few snapshots.
 */
final class Meters<T> {
    private final MeterRegistry registry;
    private final Tags tags;
    private final T state;

    Meters(MeterRegistry registry, Tags tags, T state) {
        this.registry = registry;
        this.tags = tags;
        this.state = state;
    }

    /** The same registry and state with more tags. */
    Meters<T> with(String key, String value) {
        return new Meters<>(registry, tags.and(key, value), state);
    }

    /**
     * A count of events. No base unit, as Micrometer's own cache meters: registries append a base unit to the
     * name (Prometheus: {@code strata_region_gets_operations_total}), which says nothing for a count.
     */
    void counter(String name, String description, ToDoubleFunction<T> f) {
        T s = state;
        FunctionCounter.builder(name, s, ignored -> f.applyAsDouble(s)).tags(tags).description(description)
                .register(registry);
    }

    /** A number of things now (entries, queued writes), or 0/1 for a state; no base unit, as for counters. */
    void gauge(String name, String description, ToDoubleFunction<T> f) {
        Gauge.builder(name, state, f).tags(tags).description(description).strongReference(true)
                .register(registry);
    }

    /** A gauge of a time, in the registry's base time unit (seconds for most). */
    void timeGauge(String name, TimeUnit unit, String description, ToDoubleFunction<T> f) {
        TimeGauge.builder(name, state, unit, f).tags(tags).description(description).strongReference(true)
                .register(registry);
    }

    /** Counts and total time of timed events; the registry reports the time in its base unit. */
    void timer(String name, String description, java.util.function.ToLongFunction<T> count,
               ToDoubleFunction<T> totalNanos) {
        T s = state;
        FunctionTimer.builder(name, s, ignored -> count.applyAsLong(s), ignored -> totalNanos.applyAsDouble(s),
                TimeUnit.NANOSECONDS).tags(tags).description(description).register(registry);
    }
}
