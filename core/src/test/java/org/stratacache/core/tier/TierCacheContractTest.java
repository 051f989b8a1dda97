package org.stratacache.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tag.TagVersions;

/**
 * The contract of the tier SPI ({@link Tier}, {@link TierCache}, {@link TierListener}) as their comments write it,
 * run against every tier: a subclass supplies a started tier and the suite checks what a region relies on —
 * get/put/remove, the compare-and-set operations (atomic per key, values compared with {@code equals}), clear,
 * size and iteration, regions kept apart, the region TTL and the entry's own TTL ({@code 0} = never), no
 * stale-by-TTL read, reads that do not extend the TTL, the size bound, evictions and expirations either counted
 * by the tier or reported to the listener, store-by-value copies, and the tier's tag versions.
 *
 * <p>TTL resolution: the distributed tier keeps Hazelcast's record times, which have a resolution of one second,
 * so an entry there may expire up to a second before its TTL is over (a TTL under a second may be over at once;
 * never later). Tests that expect an entry to be present leave that second of margin; tests that expect it gone
 * use short TTLs.
 *
 * <p>One tier per subclass (started once: a Hazelcast member takes seconds), one new region per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TierCacheContractTest {
    private static final AtomicInteger REGIONS = new AtomicInteger();

    private Tier tier;
    private final List<TierCache<?, ?>> created = new ArrayList<>();

    /** Starts the tier under test; the suite closes it after the last test. */
    protected abstract Tier startTier();

    /** What {@link Tier#name()} must answer. */
    protected abstract String expectedName();

    @BeforeAll
    void start() {
        tier = startTier();
    }

    @AfterEach
    void closeRegions() {
        for (TierCache<?, ?> cache : created) {
            cache.close();
        }
        created.clear();
    }

    @AfterAll
    void stop() {
        if (tier != null) {
            tier.close();
        }
    }

    protected final Tier tier() {
        return tier;
    }

    private <V> TierCache<String, V> region(RegionSettings settings, TierListener listener) {
        TierCache<String, V> cache = tier.createCache("contract-" + REGIONS.incrementAndGet(), settings, listener);
        created.add(cache);
        return cache;
    }

    private <V> TierCache<String, V> region() {
        return region(RegionSettings.defaults(), TierListener.NONE);
    }

    private <V> StoredEntry<V> entry(V value) {
        return entry(value, -1);
    }

    private <V> StoredEntry<V> entry(V value, long ttlMillis) {
        return new StoredEntry<>(value, TagSnapshot.EMPTY, 0, tier.currentTimeMillis(), ttlMillis);
    }

    // ---- single-key operations ------------------------------------------------------------------------

    @Test
    void get_missingKey_returnsNull() {
        TierCache<String, String> cache = region();
        assertThat(cache.get("nothing")).isNull();
    }

    @Test
    void put_thenGet_returnsAnEqualEntryWithEveryField() {
        TierCache<String, String> cache = region();
        TagVersions versions = tier.tagVersions();
        versions.invalidate("contract-table");
        StoredEntry<String> stored = new StoredEntry<>("v", TagSnapshot.take(versions, List.of("contract-table",
                "other")), 7, tier.currentTimeMillis(), 60_000);
        cache.put("k", stored);

        StoredEntry<String> read = cache.get("k");
        assertThat(read).isEqualTo(stored);
        assertThat(read.tags().tags()).containsExactly("contract-table", "other");
        assertThat(read.regionEpoch()).isEqualTo(7);
        assertThat(read.storedAtMillis()).isEqualTo(stored.storedAtMillis());
        assertThat(read.ttlMillis()).isEqualTo(60_000);
        assertThat(cache.get("k")).as("a second read, from a near copy where the tier keeps one").isEqualTo(stored);
    }

    @Test
    void put_existingKey_replacesTheEntry() {
        TierCache<String, String> cache = region();
        cache.put("k", entry("old"));
        cache.put("k", entry("new"));
        assertThat(cache.get("k").value()).isEqualTo("new");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void put_afterAReadOfTheOldValue_isReadAtOnce() {
        TierCache<String, String> cache = region();
        cache.put("k", entry("v1"));
        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("k").value()).isEqualTo("v1"); // hot: a near copy where the tier keeps one
        }
        cache.put("k", entry("v2"));
        assertThat(cache.get("k").value()).as("the writer never reads its own write stale").isEqualTo("v2");
        cache.remove("k");
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void putIfAbsent_absentKey_storesAndReturnsNull() {
        TierCache<String, String> cache = region();
        assertThat(cache.putIfAbsent("k", entry("first"))).isNull();
        assertThat(cache.get("k").value()).isEqualTo("first");
    }

    @Test
    void putIfAbsent_presentKey_returnsTheExistingEntryAndKeepsIt() {
        TierCache<String, String> cache = region();
        StoredEntry<String> first = entry("first");
        cache.put("k", first);
        cache.get("k");
        assertThat(cache.putIfAbsent("k", entry("second"))).isEqualTo(first);
        assertThat(cache.get("k")).isEqualTo(first);
    }

    @Test
    void replace_matchingExpected_replacesAndReturnsTrue_comparingWithEquals() {
        TierCache<String, String> cache = region();
        StoredEntry<String> old = entry("old");
        cache.put("k", old);
        StoredEntry<String> equalCopy = new StoredEntry<>(new String("old"), old.tags(), old.regionEpoch(),
                old.storedAtMillis(), old.ttlMillis());
        assertThat(equalCopy).isNotSameAs(old).isEqualTo(old);

        assertThat(cache.replace("k", equalCopy, entry("new"))).isTrue();
        assertThat(cache.get("k").value()).isEqualTo("new");
    }

    @Test
    void replace_otherExpected_returnsFalseAndKeepsTheEntry() {
        TierCache<String, String> cache = region();
        StoredEntry<String> current = entry("current");
        cache.put("k", current);
        assertThat(cache.replace("k", entry("something else"), entry("new"))).isFalse();
        StoredEntry<String> sameValueOtherEpoch = new StoredEntry<>("current", current.tags(), 1,
                current.storedAtMillis(), current.ttlMillis());
        assertThat(cache.replace("k", sameValueOtherEpoch, entry("new"))).as("every field takes part").isFalse();
        assertThat(cache.get("k")).isEqualTo(current);
    }

    @Test
    void replace_absentKey_returnsFalseAndStoresNothing() {
        TierCache<String, String> cache = region();
        assertThat(cache.replace("k", entry("old"), entry("new"))).isFalse();
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void remove_presentKey_removesOnlyThatKey_andAbsentKeyIsANoOp() {
        TierCache<String, String> cache = region();
        cache.put("a", entry("1"));
        cache.put("b", entry("2"));
        cache.get("a");
        cache.remove("a");
        cache.remove("never-there");
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b").value()).isEqualTo("2");
        assertThat(cache.size()).isEqualTo(1);
    }

    // ---- whole-region operations ----------------------------------------------------------------------

    @Test
    void clear_removesEveryEntryOfThisRegionOnly() {
        TierCache<String, String> cache = region();
        TierCache<String, String> other = region();
        for (int i = 0; i < 20; i++) {
            cache.put("k" + i, entry("v" + i));
            cache.get("k" + i);
        }
        other.put("k0", entry("kept"));

        cache.clear();

        assertThat(cache.size()).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(cache.get("k" + i)).isNull();
        }
        assertThat(cache.iterator().hasNext()).isFalse();
        assertThat(other.get("k0").value()).isEqualTo("kept");
        cache.put("k0", entry("after clear"));
        assertThat(cache.get("k0").value()).isEqualTo("after clear");
    }

    @Test
    void regions_sameKey_keepTheirOwnEntries() {
        TierCache<String, String> a = region();
        TierCache<String, String> b = region();
        a.put("k", entry("in a"));
        assertThat(b.get("k")).isNull();
        b.put("k", entry("in b"));
        a.remove("k");
        assertThat(b.get("k").value()).isEqualTo("in b");
        assertThat(a.size()).isZero();
        assertThat(b.size()).isEqualTo(1);
    }

    @Test
    void size_andIterator_seeEveryHeldEntryOnce() {
        TierCache<String, Integer> cache = region();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, entry(i));
            expected.put("k" + i, i);
        }
        cache.remove("k7");
        expected.remove("k7");
        cache.put("k8", entry(800));
        expected.put("k8", 800);

        assertThat(cache.size()).isEqualTo(expected.size());
        Map<String, Integer> iterated = new HashMap<>();
        for (Iterator<Map.Entry<String, StoredEntry<Integer>>> it = cache.iterator(); it.hasNext(); ) {
            Map.Entry<String, StoredEntry<Integer>> e = it.next();
            assertThat(iterated.put(e.getKey(), e.getValue().value())).as("seen once: %s", e.getKey()).isNull();
        }
        assertThat(iterated).isEqualTo(expected);
    }

    @Test
    void heldEntries_whenTheTierCountsThem_followPutsAndClear() {
        TierCache<String, String> cache = region();
        cache.put("a", entry("1"));
        cache.put("b", entry("2"));
        cache.put("a", entry("3"));
        long held = cache.heldEntries();
        if (held != -1) {
            assertThat(held).isEqualTo(2);
            cache.clear();
            assertThat(cache.heldEntries()).isZero();
        }
    }

    // ---- expiry ---------------------------------------------------------------------------------------

    @Test
    void get_afterTheRegionTtl_returnsNull_andTheExpiryIsCountedOrReported() {
        RecordingListener listener = new RecordingListener();
        TierCache<String, String> cache = region(RegionSettings.builder().ttl(Duration.ofSeconds(2)).build(), listener);
        long before = System.nanoTime();
        cache.put("k", entry("v"));
        StoredEntry<String> early = cache.get("k");
        if (System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(500)) {
            assertThat(early).as("read well within the TTL (1 s of it, the resolution allowed)").isNotNull();
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> cache.get("k") == null);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            cache.get("k"); // a read is where a lazily expiring tier notices
            assertThat(Math.max(cache.expirations(), 0) + listener.expired.get()).isEqualTo(1);
        });
    }

    @Test
    void get_afterTheEntrysOwnTtl_returnsNull_whileRegionTtlEntriesStay() {
        TierCache<String, String> cache = region(RegionSettings.builder().ttl(Duration.ofHours(1)).build(),
                TierListener.NONE);
        cache.put("short", entry("v", 300));
        cache.put("long", entry("v"));
        cache.get("short");
        cache.get("short");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get("short") == null);
        assertThat(cache.get("long")).isNotNull();
    }

    @Test
    void entryWithOwnTtlZero_neverExpires_whenTheRegionTtlPasses() throws InterruptedException {
        TierCache<String, String> cache = region(RegionSettings.builder().ttl(Duration.ofMillis(300)).build(),
                TierListener.NONE);
        cache.put("forever", entry("v", 0));
        cache.put("region-ttl", entry("v"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get("region-ttl") == null);
        Thread.sleep(500);
        assertThat(cache.get("forever")).as("own TTL 0 = no expiry, whatever the region's").isNotNull();
    }

    @Test
    void get_repeatedlyWithinTheTtl_doesNotExtendIt() {
        TierCache<String, String> cache = region(RegionSettings.builder().ttl(Duration.ofMillis(600)).build(),
                TierListener.NONE);
        long put = System.nanoTime();
        cache.put("k", entry("v"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> cache.get("k") == null);
        assertThat(System.nanoTime() - put).as("reads every 20 ms kept it no longer than the TTL allows")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void put_replacingAnEntry_startsItsTtlAgain() throws InterruptedException {
        TierCache<String, String> cache = region(RegionSettings.builder().ttl(Duration.ofSeconds(3)).build(),
                TierListener.NONE);
        cache.put("k", entry("v1"));
        Thread.sleep(2_000);
        long rewritten = System.nanoTime();
        cache.put("k", entry("v2"));
        Thread.sleep(1_500);
        StoredEntry<String> read = cache.get("k");
        if (System.nanoTime() - rewritten < TimeUnit.MILLISECONDS.toNanos(1_900)) {
            // past the first put's TTL, within the second's less the 1 s the resolution allows
            assertThat(read).as("3.5 s after the first put, 1.5 s after the second, TTL 3 s").isNotNull();
            assertThat(read.value()).isEqualTo("v2");
        }
    }

    // ---- size bound -----------------------------------------------------------------------------------

    @Test
    void put_farBeyondMaxEntries_staysNearTheBound_andEvictionsAreCountedOrReported() {
        RecordingListener listener = new RecordingListener();
        int max = 1_000;
        int puts = 3 * max;
        TierCache<String, Integer> cache = region(RegionSettings.builder().maxEntries(max).build(), listener);
        for (int i = 0; i < puts; i++) {
            cache.put("k" + i, entry(i));
        }
        long size = cache.size();
        // A distributed map bounds each partition (maxEntries / partitions, rounded), not the total exactly.
        assertThat(size).isPositive().isLessThanOrEqualTo(max + max / 10);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                Math.max(cache.evictions(), 0) + listener.evicted.get()).isGreaterThanOrEqualTo(puts - size));
    }

    // ---- store by value -------------------------------------------------------------------------------

    @Test
    void storeByValue_mutatingTheValueAfterPutOrGet_leavesTheCachedValueAlone() {
        TierCache<String, ArrayList<String>> cache = region(RegionSettings.builder().storeByValue(true).build(),
                TierListener.NONE);
        ArrayList<String> value = new ArrayList<>(List.of("a"));
        cache.put("k", entry(value));
        value.add("changed after put");

        for (int i = 0; i < 5; i++) { // later reads may come from a near copy
            ArrayList<String> read = cache.get("k").value();
            assertThat(read).containsExactly("a");
            read.add("changed after get");
        }
    }

    // ---- concurrency ----------------------------------------------------------------------------------

    @Test
    void putIfAbsent_racingThreads_exactlyOneWinsPerKey() throws Exception {
        TierCache<String, Integer> cache = region();
        int threads = 4;
        int keys = 50;
        List<List<StoredEntry<Integer>>> answers = race(threads, thread -> {
            List<StoredEntry<Integer>> mine = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                mine.add(cache.putIfAbsent("k" + k, entry(thread)));
            }
            return mine;
        });
        for (int k = 0; k < keys; k++) {
            StoredEntry<Integer> winner = cache.get("k" + k);
            int nulls = 0;
            for (int t = 0; t < threads; t++) {
                StoredEntry<Integer> answer = answers.get(t).get(k);
                if (answer == null) {
                    nulls++;
                    assertThat(winner.value()).as("key k%d was stored by the thread that got null", k).isEqualTo(t);
                } else {
                    assertThat(answer).as("losers are told the winner's entry").isEqualTo(winner);
                }
            }
            assertThat(nulls).as("winners of key k%d", k).isEqualTo(1);
        }
    }

    @Test
    void replace_asCompareAndSet_racingThreads_loseNoIncrement() throws Exception {
        TierCache<String, Integer> cache = region();
        cache.put("counter", entry(0));
        int threads = 4;
        int increments = 100;
        race(threads, thread -> {
            for (int i = 0; i < increments; i++) {
                while (true) {
                    StoredEntry<Integer> current = cache.get("counter");
                    if (cache.replace("counter", current, entry(current.value() + 1))) {
                        break;
                    }
                }
            }
            return null;
        });
        assertThat(cache.get("counter").value()).isEqualTo(threads * increments);
    }

    private interface PerThread<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads started together; their results in thread order. */
    private static <T> List<T> race(int threads, PerThread<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<T> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- the tier -------------------------------------------------------------------------------------

    @Test
    void name_isTheTiersShortName() {
        assertThat(tier.name()).isEqualTo(expectedName());
    }

    @Test
    void tagVersions_unknownTagIsZero_andAnInvalidationIsSeenAtOnceByEveryThread() throws Exception {
        TagVersions versions = tier.tagVersions();
        String tag = "contract-tag-" + REGIONS.incrementAndGet();
        String untouched = tag + "-untouched";
        assertThat(versions.current(tag)).isZero();
        TagSnapshot before = TagSnapshot.take(versions, List.of(tag, untouched));
        assertThat(before.isCurrent(versions)).isTrue();

        race(1, thread -> {
            versions.invalidate(tag);
            return null;
        });

        AtomicLong seenElsewhere = new AtomicLong(-1);
        race(1, thread -> {
            seenElsewhere.set(versions.current(tag));
            return null;
        });
        assertThat(seenElsewhere.get()).isPositive();
        assertThat(versions.current(tag)).isEqualTo(seenElsewhere.get());
        assertThat(versions.current(untouched)).isZero();
        assertThat(before.isCurrent(versions)).as("a snapshot taken before the invalidation").isFalse();
        assertThat(TagSnapshot.take(versions, List.of(untouched)).isCurrent(versions)).isTrue();

        long first = versions.current(tag);
        versions.invalidate(tag);
        assertThat(versions.current(tag)).as("versions only grow").isGreaterThan(first);
    }

    @Test
    void currentTimeMillis_isCloseToThisJvmsClock() {
        long before = System.currentTimeMillis();
        long tierTime = tier.currentTimeMillis();
        long after = System.currentTimeMillis();
        assertThat(tierTime).isBetween(before - 5_000, after + 5_000);
    }

    /** Counts what the tier reports to its listener. */
    protected static final class RecordingListener implements TierListener {
        final AtomicLong evicted = new AtomicLong();
        final AtomicLong expired = new AtomicLong();

        @Override
        public void evicted() {
            evicted.incrementAndGet();
        }

        @Override
        public void expired() {
            expired.incrementAndGet();
        }
    }
}
