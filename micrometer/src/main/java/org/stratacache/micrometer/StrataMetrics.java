package org.stratacache.micrometer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindStats;

/**
 * Micrometer meters over a Strata {@link RegionStore} and, optionally, its JDBC and invalidation-bus
 * statistics: a {@link MeterBinder}, so Spring Boot binds it when it is a bean, and anything else binds it with
 * {@code StrataMetrics.of(store).bindTo(registry)}. The meters and their tags are listed in
 * {@code docs/metrics.md}.
 *
 * <p>Every meter is a function meter (function counters, gauges, time gauges) that reads Strata's own
 * cumulative counters when the registry is scraped or published: a cache hit costs nothing more with metrics
 * bound. Every meter carries the tag {@code store} (the store's {@link RegionStore#jmxName()}, unique among the
 * open stores of a JVM, so two stores of one name do not fold into one series) and the binder's extra tags.
 *
 * <p>Regions and write-behind queues created after binding get their meters when they are created, through
 * {@link RegionStore#addListener}: Micrometer registers meters at any time, and a scrape only sees meters that
 * were registered before it began ({@link MeterRegistry#getMeters()} is a copy), so registering on creation is
 * what makes a new region's first scrape complete; re-reading the region list during a scrape would show it
 * one scrape late.
 *
 * <p>A closed store does not make a scrape throw: counters keep their last values (a counter never goes down)
 * and gauges of a closed store read NaN. The meters stay registered; remove them with the registry's
 * {@code remove} if the store is gone for good.
 *
 * <p>The JDBC statistics are read through a {@code Supplier<JdbcStats>}, so both ways in work:
 * {@code StrataDataSource::statistics}, and {@code () -> StrataDriver.statistics().get(name)} for the driver's
 * stores (a null answer, before the first connection, reads as zero). Only {@code JdbcMeters} touches the JDBC
 * module's classes, so this class loads without {@code strata-jdbc} on the class path.
 */
public final class StrataMetrics implements MeterBinder {
    private final RegionStore store;
    private final String storeTag;
    private final Tags extraTags;
    private final Supplier<?> jdbc;
    private final Supplier<InvalidationStats> invalidation;
    /** Reads that threw, by source kind: one adder per kind, shared by every registry this binder is bound to. */
    private final Map<String, LongAdder> readFailures = new ConcurrentHashMap<>();
    /** One reading per region, shared by every registry this binder is bound to. */
    private final Map<String, Reading<RegionStats>> regions = new ConcurrentHashMap<>();
    /**
     * The queue now open under each name: a queue may be closed and another of that name opened (the JDBC
     * module replays a journal through a queue it then closes), and the meters must follow the new one.
     */
    private final Map<String, AtomicReference<WriteBehind<?, ?>>> queues = new ConcurrentHashMap<>();
    private final Map<String, Reading<WriteBehindStats>> queueReadings = new ConcurrentHashMap<>();

    private StrataMetrics(Builder b) {
        this.store = b.store;
        this.storeTag = b.store != null ? b.store.jmxName() : b.storeName;
        this.extraTags = b.tags;
        this.jdbc = b.jdbc;
        this.invalidation = b.invalidation;
    }

    /** The region, write-behind and (on the distributed tier) tier meters of {@code store}. */
    public static StrataMetrics of(RegionStore store) {
        return builder(store).build();
    }

    /** A binder over {@code store}; add JDBC and invalidation statistics with the builder. */
    public static Builder builder(RegionStore store) {
        return new Builder(Objects.requireNonNull(store, "store"), null);
    }

    /**
     * A binder with no region store, for statistics whose store is not reachable (the driver's stores): only
     * the JDBC and invalidation meters, tagged {@code store=storeName}.
     */
    public static Builder builder(String storeName) {
        Objects.requireNonNull(storeName, "storeName");
        if (storeName.isBlank()) {
            throw new IllegalArgumentException("storeName must not be blank: it is the value of the 'store' tag");
        }
        return new Builder(null, storeName);
    }

    /**
     * Registers the meters on {@code registry}. May be called for several registries.
     *
     * @throws IllegalStateException when the store is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (store != null && store.isClosed()) {
            throw new IllegalStateException("cannot bind metrics to region store '" + store.name()
                    + "': it is closed");
        }
        Tags tags = Tags.of("store", storeTag).and(extraTags);
        bindReadFailures(registry, tags);
        if (jdbc != null) {
            JdbcMeters.bind(registry, tags, jdbc, failures("jdbc"));
        }
        if (invalidation != null) {
            bindInvalidation(registry, tags);
        }
        if (store == null) {
            return;
        }
        if ("distributed".equals(store.tierName())) {
            // only then: that class names the Hazelcast tier, which needs Hazelcast on the class path
            TierMeters.bind(registry, tags, store, failures("tier"));
        }
        store.addListener(new RegionStore.Listener() {
            @Override
            public void regionCreated(Region<?, ?> region) {
                bindRegion(registry, tags, region);
            }

            @Override
            public void writeBehindOpened(WriteBehind<?, ?> queue) {
                bindQueue(registry, tags, queue);
            }
        });
    }

    private LongAdder failures(String source) {
        return readFailures.computeIfAbsent(source, s -> new LongAdder());
    }

    private void bindReadFailures(MeterRegistry registry, Tags tags) {
        for (String source : List.of("region", "writebehind", "tier", "jdbc", "invalidation")) {
            new Meters<>(registry, tags.and("source", source), failures(source)).counter(
                    "strata.metrics.read.failures",
                    "Reads of Strata statistics that threw; the meters kept their last values", LongAdder::sum);
        }
    }

    // ---- regions --------------------------------------------------------------------------------------

    private void bindRegion(MeterRegistry registry, Tags tags, Region<?, ?> region) {
        String name = region.name();
        Reading<RegionStats> reading = regions.computeIfAbsent(name, n -> new Reading<>("region '" + n + "'",
                () -> store.isClosed() ? null : region.stats(), failures("region")));
        Meters<Reading<RegionStats>> m = new Meters<>(registry, tags.and("region", name), reading);
        String gets = "Reads of the region, by result";
        m.with("result", "hit").counter("strata.region.gets", gets, r -> stat(r, RegionStats::hits));
        m.with("result", "miss").counter("strata.region.gets", gets, r -> stat(r, RegionStats::misses));
        m.counter("strata.region.puts", "Values stored", r -> stat(r, RegionStats::puts));
        m.timer("strata.region.loads", "Read-through loads, successful or not, and the time spent in them",
                r -> (long) (stat(r, RegionStats::loads) + stat(r, RegionStats::loadFailures)),
                r -> stat(r, RegionStats::loadTimeNanos));
        m.counter("strata.region.load.failures", "Read-through loads that threw",
                r -> stat(r, RegionStats::loadFailures));
        m.counter("strata.region.evictions", "Entries dropped to respect the size bound",
                r -> stat(r, RegionStats::evictions));
        m.counter("strata.region.expirations", "Entries dropped because their TTL passed",
                r -> stat(r, RegionStats::expirations));
        String inv = "Invalidations: one key, the whole region, or a tag through this region";
        m.with("scope", "key").counter("strata.region.invalidations", inv,
                r -> stat(r, RegionStats::invalidations));
        m.with("scope", "all").counter("strata.region.invalidations", inv,
                r -> stat(r, RegionStats::invalidateAlls));
        m.with("scope", "tag").counter("strata.region.invalidations", inv,
                r -> stat(r, RegionStats::tagInvalidations));
        m.counter("strata.region.stale.reads", "Reads that found an entry made stale by a tag or region invalidation",
                r -> stat(r, RegionStats::staleReads));
        m.counter("strata.region.tier.failures",
                "Tier operations that failed and were degraded to a miss or a skipped store",
                r -> stat(r, RegionStats::tierFailures));
        m.counter("strata.region.refreshes", "Background refresh-ahead reloads started",
                r -> stat(r, RegionStats::refreshes));
        m.gauge("strata.region.size", "Entries held now (an estimate on the distributed tier); NaN "
                + "when the store is closed or the tier cannot say", r -> {
                    if (store.isClosed()) {
                        return Double.NaN;
                    }
                    RegionStats s = r.get();
                    return s == null || s.size() < 0 ? Double.NaN : s.size();
                });
    }

    private static <T> double stat(Reading<T> reading, java.util.function.ToLongFunction<T> field) {
        T s = reading.get();
        return s == null ? 0 : field.applyAsLong(s);
    }

    // ---- write-behind queues ----------------------------------------------------------------------------

    private void bindQueue(MeterRegistry registry, Tags tags, WriteBehind<?, ?> queue) {
        String name = queue.name();
        AtomicReference<WriteBehind<?, ?>> current = queues.computeIfAbsent(name, n -> new AtomicReference<>());
        current.set(queue);
        Reading<WriteBehindStats> reading = queueReadings.computeIfAbsent(name, n -> new Reading<>(
                "write-behind queue '" + n + "'", () -> current.get().stats(), failures("writebehind")));
        Meters<Reading<WriteBehindStats>> m = new Meters<>(registry,
                tags.and("queue", name).and("table", tableOf(name)), reading);
        m.gauge("strata.writebehind.queue.depth", "Writes not yet committed: queued plus in the batch "
                + "being written", r -> wb(r, WriteBehindStats::queueDepth, Double.NaN));
        m.timeGauge("strata.writebehind.oldest.pending", TimeUnit.NANOSECONDS,
                "How long the oldest uncommitted write has waited",
                r -> wb(r, s -> s.oldestPendingAge().toNanos(), Double.NaN));
        m.counter("strata.writebehind.written", "Writes committed to the database",
                r -> wb(r, WriteBehindStats::rowsWritten, 0));
        m.counter("strata.writebehind.batches", "Batches committed (parts of a split batch count one "
                + "each)", r -> wb(r, WriteBehindStats::batches, 0));
        m.counter("strata.writebehind.coalesced", "Writes absorbed by a later write of the same key",
                r -> wb(r, WriteBehindStats::coalesced, 0));
        m.counter("strata.writebehind.retries", "Batch attempts that failed transiently and were retried",
                r -> wb(r, WriteBehindStats::retries, 0));
        m.counter("strata.writebehind.dead.letters", "Writes refused for good and handed to the "
                + "dead-letter sink", r -> wb(r, WriteBehindStats::deadLetters, 0));
        m.counter("strata.writebehind.rejections", "Writes refused because the queue stayed full",
                r -> wb(r, WriteBehindStats::fullRejections, 0));
        m.timeGauge("strata.writebehind.flush.mean", TimeUnit.NANOSECONDS, "Mean time to write a committed batch",
                r -> wb(r, s -> s.meanFlushLatency().toNanos(), Double.NaN));
        m.timeGauge("strata.writebehind.flush.max", TimeUnit.NANOSECONDS, "Longest time to write a committed batch",
                r -> wb(r, s -> s.maxFlushLatency().toNanos(), Double.NaN));
    }

    /** The JDBC module names its queues {@code jdbc:<table>}; other queues write no table Strata knows. */
    static String tableOf(String queueName) {
        return queueName.startsWith("jdbc:") ? queueName.substring("jdbc:".length()) : "none";
    }

    private static double wb(Reading<WriteBehindStats> r, java.util.function.ToLongFunction<WriteBehindStats> f,
                             double none) {
        WriteBehindStats s = r.get();
        return s == null ? none : f.applyAsLong(s);
    }

    // ---- invalidation bus ------------------------------------------------------------------------------

    private void bindInvalidation(MeterRegistry registry, Tags tags) {
        Reading<InvalidationStats> reading = new Reading<>("the invalidation bus statistics", invalidation,
                failures("invalidation"));
        Meters<Reading<InvalidationStats>> m = new Meters<>(registry, tags, reading);
        m.counter("strata.invalidation.sent", "Messages this instance published",
                r -> inv(r, InvalidationStats::sent));
        m.counter("strata.invalidation.sent.in.transaction",
                "Of the messages sent, those sent inside the writing transaction",
                r -> inv(r, InvalidationStats::sentInTransaction));
        m.counter("strata.invalidation.received", "Messages from other instances",
                r -> inv(r, InvalidationStats::received));
        m.counter("strata.invalidation.applied", "Tags invalidated because of received messages",
                r -> inv(r, InvalidationStats::applied));
        m.counter("strata.invalidation.invalidate.alls", "Times everything was dropped (a "
                + "reconnect, or a message too large for one notification)",
                r -> inv(r, InvalidationStats::invalidateAlls));
        m.counter("strata.invalidation.reconnects", "Times the listener connected again after losing its connection",
                r -> inv(r, InvalidationStats::reconnects));
        m.counter("strata.invalidation.publish.failures", "Attempts to send that failed and were retried",
                r -> inv(r, InvalidationStats::publishFailures));
        m.counter("strata.invalidation.decoded", "Mode logical: committed transactions read from "
                + "the replication slot and applied here", r -> inv(r, InvalidationStats::decoded));
        m.counter("strata.invalidation.already.applied", "Mode logical: deliveries skipped "
                + "because the other route had brought the same commit",
                r -> inv(r, InvalidationStats::alreadyApplied));
        m.gauge("strata.invalidation.connected", "1 while the listener is connected (the bus is trusted), "
                + "else 0", r -> {
                    InvalidationStats s = r.get();
                    return s == null ? Double.NaN : s.connected() ? 1 : 0;
                });
        m.counter("strata.invalidation.reader.terms", "Mode logical on the distributed tier: times this member "
                + "became the cluster's slot reader", r -> inv(r, InvalidationStats::readerTerms));
        m.gauge("strata.invalidation.reader.here", "Mode logical on the distributed tier: 1 while this member "
                + "reads the cluster's slot, else 0", r -> {
                    InvalidationStats s = r.get();
                    return s == null ? Double.NaN : s.readerHere() ? 1 : 0;
                });
        String delay = "End-to-end delay of received messages (sent on the writer to applied here)";
        String decoded = "Mode logical: commit on the server to applied here";
        delayGauges(m, "strata.invalidation.delay", delay, InvalidationStats::delayP50Millis,
                InvalidationStats::delayP99Millis, InvalidationStats::delayMaxMillis);
        delayGauges(m, "strata.invalidation.decoded.delay", decoded, InvalidationStats::decodedDelayP50Millis,
                InvalidationStats::decodedDelayP99Millis, InvalidationStats::decodedDelayMaxMillis);
    }

    private static void delayGauges(Meters<Reading<InvalidationStats>> m, String name, String description,
                                    java.util.function.ToLongFunction<InvalidationStats> p50,
                                    java.util.function.ToLongFunction<InvalidationStats> p99,
                                    java.util.function.ToLongFunction<InvalidationStats> max) {
        String d = description + ", by quantile (1.0 is the largest)";
        m.with("quantile", "0.5").timeGauge(name, TimeUnit.MILLISECONDS, d, r -> invGauge(r, p50));
        m.with("quantile", "0.99").timeGauge(name, TimeUnit.MILLISECONDS, d, r -> invGauge(r, p99));
        m.with("quantile", "1.0").timeGauge(name, TimeUnit.MILLISECONDS, d, r -> invGauge(r, max));
    }

    private static double inv(Reading<InvalidationStats> r, java.util.function.ToLongFunction<InvalidationStats> f) {
        InvalidationStats s = r.get();
        return s == null ? 0 : f.applyAsLong(s);
    }

    private static double invGauge(Reading<InvalidationStats> r,
                                   java.util.function.ToLongFunction<InvalidationStats> f) {
        InvalidationStats s = r.get();
        return s == null ? Double.NaN : f.applyAsLong(s);
    }

    /** Lower-case tag value of an enum constant ({@code NON_DETERMINISTIC} → {@code non_deterministic}). */
    static String tagValue(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "StrataMetrics[store=" + storeTag + (jdbc != null ? ", jdbc" : "")
                + (invalidation != null ? ", invalidation" : "") + "]";
    }

    /** Builds a {@link StrataMetrics}. */
    public static final class Builder {
        private final RegionStore store;
        private final String storeName;
        private Tags tags = Tags.empty();
        private Supplier<?> jdbc;
        private Supplier<InvalidationStats> invalidation;

        private Builder(RegionStore store, String storeName) {
            this.store = store;
            this.storeName = storeName;
        }

        /**
         * Adds the {@code strata.jdbc.*} meters, read from {@code statistics} on scrape:
         * {@code dataSource::statistics}, or {@code () -> StrataDriver.statistics().get(storeName)}. A null
         * answer reads as zero. Needs {@code strata-jdbc} on the class path.
         */
        public Builder jdbc(Supplier<org.stratacache.jdbc.JdbcStats> statistics) {
            this.jdbc = Objects.requireNonNull(statistics, "statistics");
            return this;
        }

        /**
         * Adds the {@code strata.invalidation.*} meters, read from {@code statistics} on scrape:
         * {@code dataSource::invalidationStatistics}, or the driver's per store.
         */
        public Builder invalidation(Supplier<InvalidationStats> statistics) {
            this.invalidation = Objects.requireNonNull(statistics, "statistics");
            return this;
        }

        /** Tags added to every meter (an application or instance name); {@code store} is always there. */
        public Builder tags(Iterable<Tag> more) {
            Tags t = Tags.of(Objects.requireNonNull(more, "tags"));
            if (t.stream().anyMatch(tag -> tag.getKey().equals("store"))) {
                throw new IllegalArgumentException("the 'store' tag is set by StrataMetrics (the store's name); "
                        + "give the store another name instead");
            }
            this.tags = this.tags.and(t);
            return this;
        }

        /** As {@link #tags(Iterable)} with key, value, key, value, … */
        public Builder tags(String... keyValues) {
            return tags(Tags.of(keyValues));
        }

        public StrataMetrics build() {
            return new StrataMetrics(this);
        }
    }
}
