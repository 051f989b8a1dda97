package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.stratacache.core.invalidation.postgres.PgNotifyBus;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.testsupport.HazelcastMembers;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.TestCluster;
import org.stratacache.testsupport.UrlDataSource;

/**
 * Mode {@code logical} on the distributed tier: two {@link StrataDataSource}s, each with its own Hazelcast member
 * of one cluster on loopback and the same store name, over PostgreSQL (the server {@code .ci/pg} starts has
 * {@code wal_level=logical}). One member reads the replication slot for both; when it goes, the other takes over
 * with a slot of its own, drops everything cluster-wide, and passes reads through until then.
 */
class ClusterSlotReaderTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String READ = "SELECT v FROM cluster_slot WHERE id = ?";
    private static final List<String> STORES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static PGSimpleDataSource pg;
    private final List<StrataDataSource> open = new ArrayList<>();

    @BeforeAll
    static void table() throws SQLException {
        UrlDataSource server = Postgres.connectOrSkip();
        pg = new PGSimpleDataSource();
        pg.setURL(server.url());
        pg.setUser(server.user());
        pg.setPassword(server.password());
        Databases.exec(pg, "DROP TABLE IF EXISTS cluster_slot",
                "CREATE TABLE cluster_slot (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO cluster_slot VALUES (1, 0)");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (pg != null) {
            Databases.exec(pg, "DROP TABLE IF EXISTS cluster_slot");
            for (String store : STORES) { // the publications their buses created on demand (strata_<store name>)
                Databases.exec(pg, "DROP PUBLICATION IF EXISTS " + PgNotifyBus.channelFor(store));
            }
        }
    }

    @AfterEach
    void closeNodes() {
        for (StrataDataSource node : open) {
            node.close();
        }
    }

    @Test
    void oneReaderPerCluster_andTheOtherMemberTakesOverWhenItCloses() throws Exception {
        TestCluster cluster = TestCluster.unique("slots", 4);
        StrataDataSource a = node(cluster);
        StrataDataSource b = node(cluster);
        HazelcastMembers.awaitClusterSize(tierOf(a).hazelcastInstance(), 2, WITHIN);
        await().atMost(WITHIN).until(() -> a.invalidationStatistics().connected()
                && b.invalidationStatistics().connected());

        String slotPrefix = PgNotifyBus.channelFor(cluster.name()) + "_";
        List<String> slots = slots(slotPrefix);
        assertThat(slots).as("one replication slot for the cluster, active").hasSize(1);
        assertThat(a.invalidationStatistics().readerHere()).as("exactly one member reads it")
                .isNotEqualTo(b.invalidationStatistics().readerHere());
        StrataDataSource leader = a.invalidationStatistics().readerHere() ? a : b;
        StrataDataSource other = leader == a ? b : a;
        assertThat(other.invalidationStatistics().readerTerms()).isZero();

        // a write through the plain driver (no Strata, no trigger) reaches both members' reads
        int value = cacheOn(a, b);
        int written = value + 1;
        write(written);
        awaitValue(a, written);
        awaitValue(b, written);
        assertThat(slots(slotPrefix)).as("still one slot").isEqualTo(slots);

        int cached = cacheOn(other);
        // Creating a slot waits for the transactions running then: hold one open, so that the takeover is
        // visibly incomplete while the old reader is gone.
        try (Connection blocker = pg.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("SELECT txid_current()");
            }
            open.remove(leader);
            leader.close();
            await().atMost(WITHIN).until(() -> other.invalidationStatistics().readerHere()
                    && !other.invalidationStatistics().connected());

            long passedBefore = other.statistics().uncached(UncachedReason.INVALIDATION_BUS_DOWN);
            long hitsBefore = other.statistics().hits();
            assertThat(read(other)).isEqualTo(cached);
            assertThat(read(other)).isEqualTo(cached);
            assertThat(other.statistics().uncached(UncachedReason.INVALIDATION_BUS_DOWN))
                    .as("reads while no member reads the slot pass through").isEqualTo(passedBefore + 2);
            assertThat(other.statistics().hits()).isEqualTo(hitsBefore);

            // written while no slot exists: no reader will ever decode it; only the takeover's drop covers it
            write(cached + 1);
            assertThat(other.invalidationStatistics().connected()).isFalse();
            blocker.commit();
        }
        await().atMost(WITHIN).until(() -> other.invalidationStatistics().connected());
        assertThat(other.invalidationStatistics().readerTerms()).isEqualTo(1);
        assertThat(other.invalidationStatistics().invalidateAlls()).as("the new reader dropped everything")
                .isPositive();
        List<String> after = slots(slotPrefix);
        assertThat(after).as("one slot again: the new reader's own").hasSize(1).doesNotContainAnyElementsOf(slots);
        assertThat(read(other)).as("the entry cached before the takeover is gone").isEqualTo(cached + 1);

        int again = cacheOn(other);
        write(again + 1);
        awaitValue(other, again + 1);
    }

    @Test
    void leadersMemberTerminated_theOtherTakesOver_andTheOldReaderStops() throws Exception {
        TestCluster cluster = TestCluster.unique("slots", 4);
        StrataDataSource a = node(cluster);
        StrataDataSource b = node(cluster);
        HazelcastMembers.awaitClusterSize(tierOf(a).hazelcastInstance(), 2, WITHIN);
        await().atMost(WITHIN).until(() -> a.invalidationStatistics().connected()
                && b.invalidationStatistics().connected());
        StrataDataSource leader = a.invalidationStatistics().readerHere() ? a : b;
        StrataDataSource other = leader == a ? b : a;
        String slotPrefix = PgNotifyBus.channelFor(cluster.name()) + "_";
        List<String> before = slots(slotPrefix);
        assertThat(before).hasSize(1);

        // a crash of the leader's member, no goodbye: its JVM (this one) lives on, its cluster is gone
        long crashed = System.nanoTime();
        tierOf(leader).hazelcastInstance().getLifecycleService().terminate();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(5))
                .until(() -> other.invalidationStatistics().readerHere() && other.invalidationStatistics().connected());
        System.out.printf("[cluster slot reader] leader's member terminated -> the other reads and trusts: %d ms%n",
                (System.nanoTime() - crashed) / 1_000_000);
        await().atMost(WITHIN).until(() -> !leader.invalidationStatistics().readerHere());
        // the old reader stepped down when it could not renew: its temporary slot went with its connection
        await().atMost(WITHIN).until(() -> slots(slotPrefix).size() == 1 && !slots(slotPrefix).equals(before));
        assertThat(leader.invalidationStatistics().connected()).as("a member cut off from its cluster distrusts")
                .isFalse();

        int cached = cacheOn(other);
        write(cached + 1);
        awaitValue(other, cached + 1);
    }

    @Test
    void localTier_keepsOneReaderPerInstance() throws Exception {
        Properties settings = Databases.settings("strata.invalidation.mode", "logical",
                "strata.invalidation.startup-wait", "30s");
        String store = settings.getProperty("strata.store.name");
        StrataDataSource a = open(StrataDataSource.wrap(pg, settings));
        StrataDataSource b = open(StrataDataSource.wrap(pg, settings));
        read(a);
        read(b);
        await().atMost(WITHIN).until(() -> a.invalidationStatistics().connected()
                && b.invalidationStatistics().connected());
        assertThat(slots(PgNotifyBus.channelFor(store) + "_")).as("a slot per instance").hasSize(2);
        assertThat(a.invalidationStatistics().readerHere()).isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private StrataDataSource node(TestCluster cluster) throws SQLException {
        Properties p = Databases.settings("strata.store.name", cluster.name(), "strata.invalidation.mode", "logical",
                "strata.invalidation.leader-lease", "2s", "strata.invalidation.leader-retry", "100ms",
                "strata.invalidation.startup-wait", "30s");
        p.putAll(cluster.strataSettings());
        StrataDataSource node = open(StrataDataSource.wrap(pg, p));
        read(node); // the first connection starts the bus
        return node;
    }

    private StrataDataSource open(StrataDataSource node) {
        open.add(node);
        STORES.add(node.regionStore().name());
        return node;
    }

    private static DistributedTier tierOf(StrataDataSource node) {
        return (DistributedTier) node.regionStore().tier();
    }

    /** Reads row 1 until the node serves it from the cache; returns its value. */
    private static int cacheOn(StrataDataSource... nodes) throws SQLException {
        int value = 0;
        for (StrataDataSource node : nodes) {
            await().atMost(WITHIN).until(() -> {
                read(node);
                long hits = node.statistics().hits();
                read(node);
                return node.statistics().hits() == hits + 1;
            });
            value = read(node);
        }
        return value;
    }

    private static void awaitValue(StrataDataSource node, int value) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(2)).until(() -> read(node) == value);
    }

    private static int read(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    private static void write(int value) throws SQLException {
        try (Connection c = pg.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE cluster_slot SET v = ? WHERE id = 1")) {
            ps.setInt(1, value);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The active slots whose names start with {@code prefix}. */
    private static List<String> slots(String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = pg.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT slot_name, active FROM pg_replication_slots ORDER BY slot_name")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    assertThat(rs.getBoolean(2)).as("slot %s is active", rs.getString(1)).isTrue();
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
