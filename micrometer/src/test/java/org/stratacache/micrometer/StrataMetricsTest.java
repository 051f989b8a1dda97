package org.stratacache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.writebehind.WriteBehind;

/** The region, write-behind, invalidation and failure meters over a local-tier store. */
class StrataMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<RegionStore> stores = new ArrayList<>();

    @AfterEach
    void tearDown() {
        stores.forEach(RegionStore::close);
        registry.close();
    }

    private RegionStore store(String name) {
        RegionStore s = RegionStore.builder().name(name).setting("strata.write-behind.max-delay", "1h").build();
        stores.add(s);
        return s;
    }

    /** The one value of the meter of that name and tags (key, value, …); fails when there is none or several. */
    static double value(MeterRegistry registry, String name, String... tags) {
        Meter meter = registry.get(name).tags(tags).meter();
        Measurement first = meter.measure().iterator().next();
        return first.getValue();
    }

    @Test
    void regionMeters_afterRealTraffic_matchRegionStatsExactly() {
        RegionStore store = store("traffic");
        Region<Integer, String> users = store.region("users",
                RegionSettings.builder().maxEntries(50).build());
        StrataMetrics.of(store).bindTo(registry);

        for (int i = 0; i < 200; i++) {
            users.put(i, "v" + i); // 200 puts into 50 entries: evictions
        }
        for (int i = 0; i < 300; i++) {
            users.get(i % 250); // hits for what survived, misses for the rest
        }
        for (int i = 1000; i < 1010; i++) {
            users.get(i, k -> "loaded " + k);
        }
        assertThatThrownBy(() -> users.get(2000, k -> {
            throw new IllegalStateException("db down");
        }));
        users.put(3000, "tagged", List.of("t"));
        users.invalidate(1000);
        users.invalidate(1001);
        users.invalidateTag("t");
        users.invalidateAll();

        RegionStats s = users.stats();
        assertThat(s.hits()).isPositive();
        assertThat(s.misses()).isPositive();
        assertThat(s.evictions()).isPositive();
        String[] region = {"store", store.jmxName(), "region", "users"};
        assertThat(value(registry, "strata.region.gets", tags(region, "result", "hit"))).isEqualTo(s.hits());
        assertThat(value(registry, "strata.region.gets", tags(region, "result", "miss"))).isEqualTo(s.misses());
        assertThat(value(registry, "strata.region.puts", region)).isEqualTo(s.puts());
        assertThat(value(registry, "strata.region.evictions", region)).isEqualTo(s.evictions());
        assertThat(value(registry, "strata.region.expirations", region)).isEqualTo(s.expirations());
        assertThat(value(registry, "strata.region.invalidations", tags(region, "scope", "key")))
                .isEqualTo(s.invalidations()).isEqualTo(2);
        assertThat(value(registry, "strata.region.invalidations", tags(region, "scope", "all")))
                .isEqualTo(s.invalidateAlls()).isEqualTo(1);
        assertThat(value(registry, "strata.region.invalidations", tags(region, "scope", "tag")))
                .isEqualTo(s.tagInvalidations()).isEqualTo(1);
        assertThat(value(registry, "strata.region.load.failures", region)).isEqualTo(s.loadFailures()).isEqualTo(1);
        assertThat(value(registry, "strata.region.size", region)).isEqualTo(s.size());
        var loads = registry.get("strata.region.loads").tags(region).functionTimer();
        assertThat(loads.count()).isEqualTo(s.loads() + s.loadFailures()).isEqualTo(11);
        // the timer keeps its total in its own base unit: back in nanoseconds, equal up to rounding
        assertThat(loads.totalTime(TimeUnit.NANOSECONDS)).isCloseTo(s.loadTimeNanos(),
                org.assertj.core.data.Offset.offset(0.5));
        assertThat(registry.get("strata.region.gets").tags(region).meters()).hasSize(2);
    }

    @Test
    void regionCreatedAfterBind_hasMetersAtOnce() {
        RegionStore store = store("later");
        store.region("before");
        StrataMetrics.of(store).bindTo(registry);
        assertThat(registry.find("strata.region.gets").tag("region", "after").meters()).isEmpty();

        Region<String, String> after = store.region("after");
        after.put("k", "v");
        after.get("k");
        after.get("absent");

        assertThat(value(registry, "strata.region.gets", "region", "after", "result", "hit")).isEqualTo(1);
        assertThat(value(registry, "strata.region.gets", "region", "after", "result", "miss")).isEqualTo(1);
        assertThat(value(registry, "strata.region.size", "region", "after")).isEqualTo(1);
        assertThat(registry.find("strata.region.puts").tag("region", "before").functionCounter()).isNotNull();
    }

    @Test
    void regionsCreatedWhileBinding_everyOneGetsItsMeters() throws Exception {
        RegionStore store = store("racing");
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.region("r" + id + "-" + i).put("k", "v");
                    }
                    return null;
                }));
            }
            start.countDown();
            StrataMetrics.of(store).bindTo(registry); // while the regions are being created
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(registry.find("strata.region.puts").functionCounters()).hasSize(threads * perThread);
            for (String name : store.regionNames()) {
                assertThat(value(registry, "strata.region.puts", "region", name)).as(name).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writeBehindMeters_queueDepthWrittenAndTags() throws Exception {
        RegionStore store = store("wb");
        List<Object> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        WriteBehind<String, String> orders = store.writeBehind("orders", batch -> written.addAll(batch));
        StrataMetrics.of(store).bindTo(registry);

        for (int i = 0; i < 25; i++) {
            orders.put("k" + i, "v");
        }
        String[] q = {"queue", "orders", "table", "none"};
        assertThat(value(registry, "strata.writebehind.queue.depth", q)).isEqualTo(25);
        assertThat(value(registry, "strata.writebehind.written", q)).isZero();
        orders.flush();
        assertThat(value(registry, "strata.writebehind.queue.depth", q)).isZero();
        assertThat(value(registry, "strata.writebehind.written", q)).isEqualTo(25).isEqualTo(written.size());
        assertThat(value(registry, "strata.writebehind.batches", q)).isEqualTo(orders.stats().batches());
        assertThat(value(registry, "strata.writebehind.retries", q)).isZero();
        assertThat(value(registry, "strata.writebehind.dead.letters", q)).isZero();
        // the gauge holds seconds (the base unit); back in nanoseconds it may be off in the last bit (65246.99999999999)
        assertThat(registry.get("strata.writebehind.flush.max").tags(q).timeGauge().value(TimeUnit.NANOSECONDS))
                .isCloseTo(orders.stats().maxFlushLatency().toNanos(), within(0.5));
    }

    @Test
    void writeBehindQueueReopenedUnderTheSameName_metersFollowTheNewQueue() throws Exception {
        RegionStore store = store("reopen");
        StrataMetrics.of(store).bindTo(registry);
        WriteBehind<String, String> first = store.writeBehind("jdbc:events", batch -> { });
        first.put("a", "1");
        first.close();
        WriteBehind<String, String> second = store.writeBehind("jdbc:events", batch -> { });
        for (int i = 0; i < 3; i++) {
            second.put("k" + i, "v");
        }
        assertThat(value(registry, "strata.writebehind.queue.depth", "table", "events")).isEqualTo(3);
        second.flush();
        assertThat(value(registry, "strata.writebehind.written", "queue", "jdbc:events")).isEqualTo(3);
    }

    @Test
    void closedStore_scrapeDoesNotThrow_countersKeepTheirLastValues_gaugesReadNaN() throws Exception {
        RegionStore store = store("closing");
        Region<String, String> r = store.region("r");
        WriteBehind<String, String> q = store.writeBehind("q", batch -> { });
        StrataMetrics.of(store).bindTo(registry);
        r.put("k", "v");
        r.get("k");
        q.put("k", "v");
        assertThat(value(registry, "strata.region.gets", "region", "r", "result", "hit")).isEqualTo(1);

        store.close();

        assertThatCode(() -> scrapeEverything(registry)).doesNotThrowAnyException();
        assertThat(value(registry, "strata.region.gets", "region", "r", "result", "hit")).isEqualTo(1);
        assertThat(value(registry, "strata.region.puts", "region", "r")).isEqualTo(1);
        assertThat(value(registry, "strata.region.size", "region", "r")).isNaN();
        assertThat(value(registry, "strata.writebehind.written", "queue", "q")).isEqualTo(1);
        assertThat(value(registry, "strata.metrics.read.failures", "source", "region")).isZero();
        assertThatThrownBy(() -> StrataMetrics.of(store).bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void invalidationMeters_readTheSupplier_andAFailingReadIsCountedAndKeepsTheLastValues() {
        RegionStore store = store("bus");
        AtomicLong received = new AtomicLong(5);
        AtomicBoolean broken = new AtomicBoolean();
        StrataMetrics.builder(store).invalidation(() -> {
            if (broken.get()) {
                throw new IllegalStateException("bus statistics unavailable");
            }
            return new InvalidationStats(3, 1, received.get(), 9, 0, 2, 0, true, 4, 40, 120, 0, 0, 0, 0, 0, 2, true);
        }).build().bindTo(registry);

        assertThat(value(registry, "strata.invalidation.sent")).isEqualTo(3);
        assertThat(value(registry, "strata.invalidation.received")).isEqualTo(5);
        assertThat(value(registry, "strata.invalidation.applied")).isEqualTo(9);
        assertThat(value(registry, "strata.invalidation.reconnects")).isEqualTo(2);
        assertThat(value(registry, "strata.invalidation.connected")).isEqualTo(1);
        assertThat(value(registry, "strata.invalidation.reader.terms")).isEqualTo(2);
        assertThat(value(registry, "strata.invalidation.reader.here")).isEqualTo(1);
        assertThat(registry.get("strata.invalidation.delay").tag("quantile", "0.99").timeGauge().value())
                .as("in the registry's base unit, seconds").isEqualTo(0.040);
        assertThat(registry.get("strata.invalidation.delay").tag("quantile", "0.5").timeGauge().getId().getBaseUnit())
                .isEqualTo("seconds");

        received.set(7);
        assertThat(value(registry, "strata.invalidation.received")).isEqualTo(7);
        broken.set(true);
        assertThat(value(registry, "strata.invalidation.received")).isEqualTo(7);
        assertThat(value(registry, "strata.metrics.read.failures", "source", "invalidation")).isEqualTo(1);
    }

    @Test
    void everyMeter_carriesTheStoreTagAndTheExtraTags() {
        RegionStore store = store("tagged");
        store.region("r");
        store.writeBehind("q", batch -> { });
        StrataMetrics.builder(store).tags("app", "shop").invalidation(() -> InvalidationStats.NONE).build()
                .bindTo(registry);
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getId().getTag("store")).isEqualTo(store.jmxName());
            assertThat(m.getId().getTag("app")).isEqualTo("shop");
            assertThat(m.getId().getName()).startsWith("strata.").matches("[a-z.]+");
            assertThat(m.getId().getBaseUnit()).as("counts carry no unit, times are in seconds: %s", m.getId())
                    .isIn(null, "seconds");
        });
        assertThatThrownBy(() -> StrataMetrics.builder(store).tags("store", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'store' tag");
    }

    @Test
    void twoStoresOfOneName_getTwoSeries() {
        RegionStore a = store("same");
        RegionStore b = store("same");
        StrataMetrics.of(a).bindTo(registry);
        StrataMetrics.of(b).bindTo(registry);
        a.region("r").put("k", "v");
        b.region("r").put("k", "v");
        b.region("r").put("k2", "v");
        assertThat(value(registry, "strata.region.puts", "store", a.jmxName())).isEqualTo(1);
        assertThat(value(registry, "strata.region.puts", "store", b.jmxName())).isEqualTo(2);
    }

    @Test
    void boundToTwoRegistries_bothSeeTheSameCounts() {
        RegionStore store = store("two");
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        StrataMetrics metrics = StrataMetrics.of(store);
        metrics.bindTo(registry);
        metrics.bindTo(other);
        Region<String, String> r = store.region("r");
        r.put("k", "v");
        r.get("k");
        assertThat(value(registry, "strata.region.gets", "result", "hit")).isEqualTo(1);
        assertThat(value(other, "strata.region.gets", "result", "hit")).isEqualTo(1);
    }

    @Test
    void unreferencedBinder_keepsReporting() {
        RegionStore store = store("gc");
        Region<String, String> r = store.region("r");
        StrataMetrics.builder(store).invalidation(() -> InvalidationStats.of(true)).build().bindTo(registry);
        for (int i = 0; i < 5; i++) {
            System.gc(); // Micrometer holds function-meter state weakly: ours must not depend on the binder object
        }
        r.put("k", "v");
        assertThat(value(registry, "strata.region.puts")).isEqualTo(1);
        assertThat(value(registry, "strata.invalidation.connected")).isEqualTo(1);
    }

    static void scrapeEverything(MeterRegistry registry) {
        for (Meter m : registry.getMeters()) {
            for (Measurement x : m.measure()) {
                x.getValue();
            }
        }
    }

    private static String[] tags(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @SuppressWarnings("unused")
    private static Map<String, Double> dump(MeterRegistry registry) {
        Map<String, Double> all = new java.util.TreeMap<>();
        registry.forEachMeter(m -> all.put(m.getId().toString(), m.measure().iterator().next().getValue()));
        return all;
    }
}
