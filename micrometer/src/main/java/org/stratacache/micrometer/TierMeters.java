package org.stratacache.micrometer;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.core.tier.distributed.DistributedTierStats;

/**
 * The {@code strata.tier.*} meters of the distributed tier: near-cache hits, remote calls, fallbacks and the
 * circuit breaker. The only class of this module that names the Hazelcast tier, loaded only for a store whose
 * tier is {@code distributed} (Hazelcast is then on the class path).
 */
final class TierMeters {
    /** The breaker's states, as {@link DistributedTierStats#breakerState()} spells them. */
    private static final String[] BREAKER_STATES = {"CLOSED", "OPEN", "HALF_OPEN"};

    private TierMeters() {
    }

    static void bind(MeterRegistry registry, Tags tags, RegionStore store, LongAdder failures) {
        if (!(store.tier() instanceof DistributedTier tier)) {
            return; // a caller-made tier that calls itself distributed: no statistics to read
        }
        Reading<DistributedTierStats> reading = new Reading<>("the distributed tier statistics",
                () -> store.isClosed() ? null : tier.stats(), failures);
        Meters<Reading<DistributedTierStats>> m = new Meters<>(registry, tags, reading);
        String near = "Reads of the near cache (in-process copies), by result";
        m.with("result", "hit").counter("strata.tier.near.gets", near,
                r -> read(r, DistributedTierStats::nearHits));
        m.with("result", "miss").counter("strata.tier.near.gets", near,
                r -> read(r, DistributedTierStats::nearMisses));
        m.counter("strata.tier.remote.gets", "Reads that went to the cluster",
                r -> read(r, DistributedTierStats::remoteGets));
        m.counter("strata.tier.remote.puts", "Writes (puts, removes, clears) sent to the "
                + "cluster", r -> read(r, DistributedTierStats::remotePuts));
        String inv = "Key and tag invalidations sent to and received from the cluster (own writes included)";
        m.with("direction", "sent").counter("strata.tier.invalidations", inv,
                r -> read(r, DistributedTierStats::invalidationsSent));
        m.with("direction", "received").counter("strata.tier.invalidations", inv,
                r -> read(r, DistributedTierStats::invalidationsReceived));
        m.counter("strata.tier.fallbacks", "Operations that did not reach the cluster "
                + "(failed, timed out, or skipped by the open breaker) and degraded to the database",
                r -> read(r, DistributedTierStats::fallbacks));
        m.counter("strata.tier.breaker.opens", "Times the circuit breaker opened",
                r -> read(r, DistributedTierStats::breakerOpens));
        m.counter("strata.tier.near.clears", "Times every near copy was dropped because "
                + "invalidations may have been lost", r -> read(r, DistributedTierStats::nearClears));
        m.gauge("strata.tier.near.entries", "Near copies held now",
                r -> gauge(r, DistributedTierStats::nearEntries));
        // one series per state, 1 for the current one: a state is a label, not a number to average
        for (String state : BREAKER_STATES) {
            m.with("state", state.toLowerCase(Locale.ROOT)).gauge("strata.tier.breaker.state",
                    "1 for the circuit breaker's current state, 0 for the others", r -> {
                        DistributedTierStats s = store.isClosed() ? null : r.get();
                        return s == null ? Double.NaN : state.equals(s.breakerState()) ? 1 : 0;
                    });
        }
    }

    private static double read(Reading<DistributedTierStats> reading, ToLongFunction<DistributedTierStats> f) {
        DistributedTierStats s = reading.get();
        return s == null ? 0 : f.applyAsLong(s);
    }

    private static double gauge(Reading<DistributedTierStats> reading, ToLongFunction<DistributedTierStats> f) {
        DistributedTierStats s = reading.get();
        return s == null ? Double.NaN : f.applyAsLong(s);
    }
}
