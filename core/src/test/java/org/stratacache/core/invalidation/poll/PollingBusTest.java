package org.stratacache.core.invalidation.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.StrataConfigException;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;

/**
 * Mode {@code poll} on one H2 in-memory database shared by several buses of this JVM (each bus stands for an
 * instance: its own connections, its own id). The two-JVM behaviour is tested in the JDBC and Hibernate modules.
 */
class PollingBusTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private String url;
    private Connection keepAlive;
    private final List<InvalidationBus> buses = new ArrayList<>();

    @BeforeEach
    void database() throws SQLException {
        url = "jdbc:h2:mem:poll-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        buses.forEach(InvalidationBus::close);
        try (Statement st = keepAlive.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    private PollingBus bus(Recorder receiver, String table, PollingBus.ConnectionFactory connections) {
        PollingBus bus = new PollingBus("strata_test", table, url, connections, receiver, Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(2));
        buses.add(bus);
        return bus.start(WITHIN);
    }

    private PollingBus bus(Recorder receiver) {
        return bus(receiver, "strata_invalidation", () -> DriverManager.getConnection(url));
    }

    private Connection transaction() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        return c;
    }

    private long version(String tag) throws SQLException {
        try (Statement st = keepAlive.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version FROM strata_invalidation WHERE channel = 'strata_test' AND tag = '" + tag + "'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void firstRead_createsTheTable_dropsEverything_andTrusts() throws SQLException {
        Recorder b = new Recorder();
        PollingBus bus = bus(b);

        assertThat(bus.trusted()).isTrue();
        assertThat(b.alls.get()).isEqualTo(1);
        assertThat(bus.stats().connected()).isTrue();
        try (Statement st = keepAlive.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM strata_invalidation")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void transaction_publishesAtCommit_andNothingOnRollback() throws SQLException {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        PollingBus busA = bus(a);
        PollingBus busB = bus(b);

        try (Connection c = transaction()) {
            assertThat(busA.publishInTransaction(c, List.of("jdbc:table:rolled"))).isTrue();
            c.rollback();
            assertThat(busA.publishInTransaction(c, List.of("jdbc:table:x", "jdbc:table:y"))).isTrue();
            c.commit();
        }
        await().atMost(WITHIN).until(() -> b.tags.containsAll(List.of("jdbc:table:x", "jdbc:table:y")));
        assertThat(b.tags).doesNotContain("jdbc:table:rolled");
        assertThat(version("jdbc:table:rolled")).as("the row exists, never bumped").isZero();
        assertThat(version("jdbc:table:x")).isEqualTo(1);

        // B's write is a fence for A: once A applied it, A had read its own bump too, and skipped it
        try (Connection c = transaction()) {
            assertThat(busB.publishInTransaction(c, List.of("jdbc:table:fence"))).isTrue();
            c.commit();
        }
        await().atMost(WITHIN).until(() -> a.tags.contains("jdbc:table:fence"));
        assertThat(a.tags).containsExactly("jdbc:table:fence");
        assertThat(busA.stats().sentInTransaction()).isEqualTo(2);
        assertThat(busB.stats().received()).isEqualTo(2);
        assertThat(busB.stats().applied()).isEqualTo(2);
    }

    @Test
    void autoCommitPublish_reachesTheOther() {
        Recorder b = new Recorder();
        PollingBus busA = bus(new Recorder());
        bus(b);

        busA.publish(List.of("jdbc:table:auto"));

        await().atMost(WITHIN).until(() -> b.tags.contains("jdbc:table:auto"));
        assertThat(busA.stats().sent()).isEqualTo(1);
        assertThat(busA.stats().sentInTransaction()).isZero();
    }

    @Test
    void commitsInAnotherOrderThanTheirBumps_areNeverMissed() throws SQLException {
        Recorder b = new Recorder();
        PollingBus busA = bus(new Recorder());
        bus(b);

        try (Connection first = transaction(); Connection second = transaction()) {
            assertThat(busA.publishInTransaction(first, List.of("jdbc:table:early"))).isTrue();
            assertThat(busA.publishInTransaction(second, List.of("jdbc:table:late"))).isTrue();
            second.commit();
            await().atMost(WITHIN).until(() -> b.tags.contains("jdbc:table:late"));
            assertThat(b.tags).doesNotContain("jdbc:table:early");
            first.commit(); // bumped before the other, committed after B read past it
        }
        await().atMost(WITHIN).until(() -> b.tags.contains("jdbc:table:early"));
    }

    @Test
    void concurrentWriters_newRowsRaced_everyCommitCountedOnce_rollbacksNever() throws Exception {
        Recorder observer = new Recorder();
        bus(observer);
        List<PollingBus> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(bus(new Recorder()));
        }
        List<String> committedTags = List.of("jdbc:table:c0", "jdbc:table:c1", "jdbc:table:c2");
        String rolledBackTag = "jdbc:table:never";
        Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
        committedTags.forEach(t -> commits.put(t, new AtomicInteger()));
        int threads = 8;
        int transactions = 40;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                PollingBus writer = writers.get(t % writers.size());
                done.add(pool.submit(() -> {
                    go.await();
                    try (Connection c = transaction()) {
                        for (int i = 0; i < transactions; i++) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            if (random.nextInt(4) == 0) {
                                assertThat(writer.publishInTransaction(c, List.of(rolledBackTag, "jdbc:table:c0")))
                                        .isTrue();
                                c.rollback();
                            } else {
                                String tag = committedTags.get(random.nextInt(committedTags.size()));
                                assertThat(writer.publishInTransaction(c, List.of(tag))).isTrue();
                                c.commit();
                                commits.get(tag).incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown(); // every writer meets the rows missing at once: the inserts race
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String tag : committedTags) {
            assertThat(version(tag)).as(tag).isEqualTo(commits.get(tag).get());
        }
        assertThat(version(rolledBackTag)).isZero();
        await().atMost(WITHIN).until(() -> committedTags.stream().allMatch(observer.tags::contains));
        assertThat(observer.tags).doesNotContain(rolledBackTag);
    }

    @Test
    void tagTooLongForARow_isEverything() {
        Recorder b = new Recorder();
        PollingBus busA = bus(new Recorder());
        bus(b);
        int before = b.alls.get();

        busA.publish(List.of("jdbc:table:" + "x".repeat(VersionTable.MAX_TAG_LENGTH)));

        await().atMost(WITHIN).until(() -> b.alls.get() > before);
        assertThat(b.tags).isEmpty();
    }

    @Test
    void pollerLosesItsConnection_untrusted_thenDropsEverythingOnRecovery() throws SQLException {
        AtomicBoolean refuse = new AtomicBoolean();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        Recorder b = new Recorder();
        PollingBus busB = bus(b, "strata_invalidation", () -> {
            if (refuse.get()) {
                throw new SQLException("refused by the test", "08001");
            }
            Connection c = DriverManager.getConnection(url);
            opened.add(c);
            return c;
        });
        PollingBus busA = bus(new Recorder());
        assertThat(b.alls.get()).isEqualTo(1);

        refuse.set(true);
        for (Connection c : opened) {
            c.close();
        }
        await().atMost(WITHIN).until(() -> !busB.trusted());
        assertThat(busB.stats().connected()).isFalse();
        try (Connection c = transaction()) { // a write B cannot see while it cannot read
            assertThat(busA.publishInTransaction(c, List.of("jdbc:table:meanwhile"))).isTrue();
            c.commit();
        }
        assertThat(busB.trusted()).isFalse();

        refuse.set(false);
        await().atMost(WITHIN).until(busB::trusted);
        assertThat(b.alls.get()).as("everything dropped before trusting again").isEqualTo(2);
        assertThat(busB.stats().reconnects()).isEqualTo(1);
        assertThat(busB.stats().invalidateAlls()).isEqualTo(2);
    }

    @Test
    void tableThatCannotBeCreated_keepsTheBusUntrusted_untilItCan() throws SQLException {
        Recorder b = new Recorder();
        PollingBus bus = new PollingBus("strata_test", "later.strata_invalidation", url,
                () -> DriverManager.getConnection(url), b, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofMillis(2));
        buses.add(bus);
        bus.start(Duration.ZERO);
        try (Connection c = transaction()) {
            assertThat(bus.publishInTransaction(c, List.of("jdbc:table:t"))).as("no table: after commit").isFalse();
        }
        assertThat(bus.trusted()).isFalse();

        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE SCHEMA later");
        }
        await().atMost(WITHIN).until(bus::trusted);
        assertThat(b.alls.get()).isEqualTo(1);
    }

    @Test
    void registry_modePoll_isAPollingBus_onAnyDatabase() {
        Recorder r = new Recorder();
        try (BusRegistry registry = new BusRegistry(StrataConfig.of(Map.of("strata.invalidation.mode", "poll",
                "strata.invalidation.poll-interval", "50ms")), "shop", false, r)) {
            InvalidationBus bus = registry.busFor(url, () -> DriverManager.getConnection(url));
            assertThat(bus.describe()).startsWith("poll of strata_invalidation for strata_shop every 50 ms");
            assertThat(bus.trusted()).isTrue();
        }
        try (BusRegistry registry = new BusRegistry(StrataConfig.of(Map.of()), "shop", false, r)) {
            assertThat(registry.busFor("jdbc:h2:tcp://127.0.0.1/x", () -> DriverManager.getConnection(url))
                    .describe()).as("auto never polls").startsWith("off");
        }
    }

    @Test
    void settings_badIntervalOrTable_areRefusedByName() {
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.invalidation.poll-interval", "5ms")))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("strata.invalidation.poll-interval").hasMessageContaining("at least 10ms");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.invalidation.table", "x; DROP TABLE y")))
                .isInstanceOf(StrataConfigException.class).hasMessageContaining("strata.invalidation.table");
        assertThat(StrataConfig.of(Map.of("strata.invalidation.table", "ops.strata_versions"))
                .get(org.stratacache.core.config.ConfigKeys.INVALIDATION_TABLE)).isEqualTo("ops.strata_versions");
    }

    /** Records what a bus delivers. */
    static final class Recorder implements InvalidationBus.Receiver {
        final Set<String> tags = ConcurrentHashMap.newKeySet();
        final AtomicInteger alls = new AtomicInteger();
        final AtomicLong deliveries = new AtomicLong();

        @Override
        public void invalidated(Collection<String> delivered) {
            tags.addAll(delivered);
            deliveries.incrementAndGet();
        }

        @Override
        public void invalidateAll() {
            alls.incrementAndGet();
        }
    }
}
