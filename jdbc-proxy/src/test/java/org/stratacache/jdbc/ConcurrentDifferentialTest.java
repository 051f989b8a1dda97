package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Randomized differential test: reader threads run each query through Strata and straight on the database
 * while writer threads update through Strata (auto-commit statements, transactions that commit, transactions
 * that roll back, batches). A read pair that overlapped no write must return identical rows.
 *
 * <p>Overlap detection: writers bump {@code epoch} when they start and when they finish (after commit or
 * rollback returned, so after Strata's invalidation) and count themselves in {@code active}; a reader's pair
 * counts only when the epoch did not move and no writer was active.
 */
class ConcurrentDifferentialTest {
    private static final int ROWS = 40;
    private static final int READERS = 3;
    private static final int READS_PER_READER = 400;
    private static final int WRITERS = 2;
    private static final int WRITES_PER_WRITER = 80;

    @Test
    void readsThroughStrata_matchTheDatabase_onH2() throws Exception {
        run(H2.newMemory("jdbc"), "acct");
    }

    @Test
    void readsThroughStrata_matchTheDatabase_onPostgres() throws Exception {
        DataSource pg = Postgres.connectOrSkip();
        String table = "acct_" + Long.toHexString(System.nanoTime());
        try {
            run(pg, table);
        } finally {
            Databases.exec(pg, "drop table if exists " + table);
        }
    }

    private void run(DataSource raw, String table) throws Exception {
        Databases.exec(raw, "create table " + table + "(id int primary key, grp int not null, val int not null)");
        try (Connection c = raw.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into " + table + " values (?, ?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i % 4);
                ps.setInt(3, i * 10);
                ps.executeUpdate();
            }
        }
        String[] queries = {
            "select val from " + table + " where id = ?",
            "select sum(val) from " + table + " where grp = ?",
            "select id, val from " + table + " where val > ? order by id",
            "select count(*) from " + table + " where grp = ? and val > 100"};
        AtomicLong epoch = new AtomicLong();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger compared = new AtomicInteger();
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = 1000 + w;
                futures.add(pool.submit(() -> write(ds, table, new Random(seed), epoch, active, compared)));
            }
            for (int r = 0; r < READERS; r++) {
                long seed = 2000 + r;
                futures.add(pool.submit(() -> read(ds, raw, queries, new Random(seed), epoch, active, compared,
                        mismatches)));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            System.out.println("differential " + table + ": compared=" + compared + " " + ds.statistics());
            assertThat(mismatches).as("reads that overlapped no write must match the database").isEmpty();
            assertThat(compared.get()).as("read pairs compared").isGreaterThan(READERS * READS_PER_READER / 10);
            assertThat(ds.statistics().hitRatio()).as("hit ratio " + ds.statistics()).isGreaterThan(0.05);
        }
    }

    private static Void write(DataSource ds, String table, Random random, AtomicLong epoch, AtomicInteger active,
                              AtomicInteger compared) throws SQLException, InterruptedException {
        String update = "update " + table + " set val = val + ? where id = ?";
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < WRITES_PER_WRITER; i++) {
                active.incrementAndGet();
                epoch.incrementAndGet();
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            c.setAutoCommit(true);
                            try (PreparedStatement ps = c.prepareStatement(update)) {
                                ps.setInt(1, random.nextInt(5) + 1);
                                ps.setInt(2, random.nextInt(ROWS) + 1);
                                ps.executeUpdate();
                            }
                        }
                        case 1, 2 -> {
                            c.setAutoCommit(false);
                            try (PreparedStatement ps = c.prepareStatement(update)) {
                                // Ascending ids: two writers' transactions never deadlock.
                                for (int id : sortedIds(random, 3)) {
                                    ps.setInt(1, random.nextInt(5) + 1);
                                    ps.setInt(2, id);
                                    ps.executeUpdate();
                                }
                            }
                            readOwnWrite(c, table);
                            if (random.nextBoolean()) {
                                c.commit();
                            } else {
                                c.rollback();
                            }
                            c.setAutoCommit(true);
                        }
                        default -> {
                            c.setAutoCommit(true);
                            try (PreparedStatement ps = c.prepareStatement(update)) {
                                for (int id : sortedIds(random, 4)) {
                                    ps.setInt(1, 1);
                                    ps.setInt(2, id);
                                    ps.addBatch();
                                }
                                ps.executeBatch();
                            }
                        }
                    }
                } finally {
                    epoch.incrementAndGet();
                    active.decrementAndGet();
                }
                awaitComparisons(compared, 2);
            }
        }
        return null;
    }

    /**
     * Lets readers compare a few pairs after a write, so quiet windows follow every kind of write (a stale
     * entry left by a missed invalidation is then caught before the next write repairs it). Bounded.
     */
    private static void awaitComparisons(AtomicInteger compared, int more) throws InterruptedException {
        int target = compared.get() + more;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        synchronized (compared) {
            while (compared.get() < target && System.nanoTime() < deadline) {
                compared.wait(50);
            }
        }
    }

    private static int[] sortedIds(Random random, int n) {
        return random.ints(n, 1, ROWS + 1).sorted().toArray();
    }

    /** Inside the transaction, through Strata: must see the transaction's own writes (never a cached result). */
    private static void readOwnWrite(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select sum(val) from " + table)) {
            ps.executeQuery().close();
        }
    }

    private static Void read(DataSource strata, DataSource raw, String[] queries, Random random, AtomicLong epoch,
                             AtomicInteger active, AtomicInteger compared, ConcurrentLinkedQueue<String> mismatches)
            throws SQLException {
        try (Connection viaStrata = strata.getConnection(); Connection direct = raw.getConnection()) {
            for (int i = 0; i < READS_PER_READER; i++) {
                String sql = queries[random.nextInt(queries.length)];
                int parameter = sql.contains("grp") ? random.nextInt(4) : sql.contains("val >") ? 300
                        : random.nextInt(8) + 1;
                long before = epoch.get();
                boolean quiet = active.get() == 0;
                List<List<Object>> cached = rows(viaStrata, sql, parameter);
                List<List<Object>> fresh = rows(direct, sql, parameter);
                if (quiet && active.get() == 0 && epoch.get() == before) {
                    if (!cached.equals(fresh)) {
                        mismatches.add(sql + " [" + parameter + "]: strata " + cached + " vs database " + fresh);
                    }
                    synchronized (compared) {
                        compared.incrementAndGet();
                        compared.notifyAll();
                    }
                }
            }
        }
        return null;
    }

    private static List<List<Object>> rows(Connection c, String sql, int parameter) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int k = 1; k <= n; k++) {
                        row.add(rs.getString(k));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
