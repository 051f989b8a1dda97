package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Randomized differential test: reader threads run each query through Strata and straight on the database
 * while writer threads update through Strata (auto-commit statements, transactions that commit, transactions
 * that roll back, batches). A read pair that overlapped no write must return identical rows.
 *
 * <p>Rounds, not time: every thread does {@link #ROUNDS} rounds, kept in step by a {@link CyclicBarrier}. In the
 * first half of a round each writer runs one write while the readers read through Strata (racing the writes, so
 * results are stored while invalidations happen; not compared). After the barrier no write is running and every
 * write of the round has returned (so its invalidation is done): each reader compares {@link #CHECKED_READS}
 * pairs, so a stale entry left by a missed invalidation is caught before the next write could repair it. The
 * number of pairs compared is therefore exact, whatever the machine's speed; the barrier's timeout and the test's
 * bound only stop a hung run.
 */
class ConcurrentDifferentialTest {
    private static final int ROWS = 40;
    private static final int READERS = 4;
    private static final int WRITERS = 3;
    private static final int ROUNDS = 100;
    private static final int RACING_READS = 3;
    private static final int CHECKED_READS = 4;
    private static final long BARRIER_TIMEOUT_S = 60;

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
        AtomicInteger compared = new AtomicInteger();
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        CyclicBarrier barrier = new CyclicBarrier(READERS + WRITERS);
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings())) {
            ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    long seed = 1000 + w;
                    futures.add(pool.submit(breakingBarrierOnFailure(barrier,
                            () -> write(ds, table, new Random(seed), barrier))));
                }
                for (int r = 0; r < READERS; r++) {
                    long seed = 2000 + r;
                    futures.add(pool.submit(breakingBarrierOnFailure(barrier,
                            () -> read(ds, raw, queries, new Random(seed), barrier, compared, mismatches))));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES); // a bound for a hung run only; the work is counted, not timed
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection viaStrata = ds.getConnection(); Connection direct = raw.getConnection()) {
                for (String sql : queries) { // after the last write: every query and parameter once more
                    for (int parameter : parametersOf(sql)) {
                        compare(viaStrata, direct, sql, parameter, compared, mismatches);
                    }
                }
            }
            System.out.println("differential " + table + ": compared=" + compared + " " + ds.statistics());
            assertThat(mismatches).as("reads that overlapped no write must match the database").isEmpty();
            int sweep = Arrays.stream(queries).mapToInt(q -> parametersOf(q).length).sum();
            assertThat(compared.get()).as("read pairs compared").isEqualTo(ROUNDS * READERS * CHECKED_READS + sweep);
            assertThat(ds.statistics().hitRatio()).as("hit ratio " + ds.statistics()).isGreaterThan(0.05);
        }
    }

    /** A failing thread breaks the barrier, so the others stop at once instead of waiting out its timeout. */
    private static Callable<Void> breakingBarrierOnFailure(CyclicBarrier barrier, Callable<Void> task) {
        return () -> {
            try {
                return task.call();
            } catch (Throwable t) {
                barrier.reset();
                throw t;
            }
        };
    }

    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(BARRIER_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static Void write(DataSource ds, String table, Random random, CyclicBarrier barrier) throws Exception {
        String update = "update " + table + " set val = val + ? where id = ?";
        try (Connection c = ds.getConnection()) {
            for (int round = 0; round < ROUNDS; round++) {
                await(barrier); // round starts: write while the readers race
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
                await(barrier); // every write of the round returned: the readers compare
            }
        }
        return null;
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

    private static Void read(DataSource strata, DataSource raw, String[] queries, Random random,
                             CyclicBarrier barrier, AtomicInteger compared, ConcurrentLinkedQueue<String> mismatches)
            throws Exception {
        try (Connection viaStrata = strata.getConnection(); Connection direct = raw.getConnection()) {
            for (int round = 0; round < ROUNDS; round++) {
                await(barrier); // round starts: read through Strata while the writers write (not compared)
                for (int i = 0; i < RACING_READS; i++) {
                    String sql = queries[random.nextInt(queries.length)];
                    rows(viaStrata, sql, randomParameter(sql, random));
                }
                await(barrier); // no write is running and every write of the round has returned
                for (int i = 0; i < CHECKED_READS; i++) {
                    String sql = queries[random.nextInt(queries.length)];
                    compare(viaStrata, direct, sql, randomParameter(sql, random), compared, mismatches);
                }
            }
        }
        return null;
    }

    private static void compare(Connection viaStrata, Connection direct, String sql, int parameter,
                                AtomicInteger compared, ConcurrentLinkedQueue<String> mismatches)
            throws SQLException {
        List<List<Object>> cached = rows(viaStrata, sql, parameter);
        List<List<Object>> fresh = rows(direct, sql, parameter);
        if (!cached.equals(fresh)) {
            mismatches.add(sql + " [" + parameter + "]: strata " + cached + " vs database " + fresh);
        }
        compared.incrementAndGet();
    }

    private static int randomParameter(String sql, Random random) {
        int[] choices = parametersOf(sql);
        return choices[random.nextInt(choices.length)];
    }

    /** The parameters a query is run with: groups 0-3, the fixed threshold 300, or ids 1-8 (a hot subset). */
    private static int[] parametersOf(String sql) {
        return sql.contains("grp") ? new int[] {0, 1, 2, 3} : sql.contains("val >") ? new int[] {300}
                : new int[] {1, 2, 3, 4, 5, 6, 7, 8};
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
