package org.stratacache.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.BenchPostgres;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.internal.TickExecutor;
import org.stratacache.jdbc.StrataDataSource;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Three queries ({@code query}): a primary-key select of one row out of 10,000 ({@code pk}), a join with an
 * aggregate ({@code join}), and a 100-row range ({@code rows100}); each by a prepared statement, these ways:
 * <ul>
 *   <li>{@code direct}: the driver alone;</li>
 *   <li>{@code cached}: through Strata, every key already cached (the hit path, no database call);</li>
 *   <li>{@code missNoCache}: through Strata with {@code /* strata:nocache *}{@code /} — the pass-through cost of
 *       the interception (analysis lookup, parameter capture, invalidation bookkeeping);</li>
 *   <li>{@code missUnique}: through Strata with a parameter never seen before — the full miss: database,
 *       materialisation, store; {@code directUnique} is its baseline (same SQL on the driver);</li>
 *   <li>{@code missUniqueStored}: as {@code missUnique} with {@code strata.jdbc.admission=first-miss}, so every
 *       miss materialises and stores its result, and, once the region is full (after 10,000 of them), evicts
 *       another: the storing miss in its steady state (with the default admission a full region passes one-off
 *       queries through instead);</li>
 *   <li>{@code directUniqueCaffeine}: the floor of a storing miss: the driver's unique-key query, looked up first and
 *       then stored (its cells copied into an array) in a plain Caffeine cache bounded at the same 10,000 entries,
 *       keyed by a record of the SQL and both parameters; no tags, admission or result set of its own. Its
 *       maintenance (eviction) runs where a Strata region's does, on {@link TickExecutor}, batched once a
 *       millisecond or on the writer when Caffeine's write buffer is full (on the caller after every write it took
 *       1.64 us by the median of three rounds against 1.52; on Caffeine's default pool, which wakes a thread for
 *       every batch, 2.3 us);</li>
 *   <li>{@code missUniqueSecondMiss}: as {@code missUnique} with {@code strata.jdbc.admission=second-miss}, where a
 *       query run once is passed through instead of stored;</li>
 *   <li>{@code dsProxyDirect}: the driver behind datasource-proxy with one no-op listener, for comparison
 *       with Strata's own proxies.</li>
 * </ul>
 * All threads share the data sources (one Strata store), each with its own connections ({@link Session}), so
 * {@code -t 2} and {@code -t max} show how the paths scale under one cache. {@code db=h2} is an in-memory H2
 * database; {@code db=postgresql} reads {@code STRATA_PG_URL},
 * {@code STRATA_PG_USER}, {@code STRATA_PG_PASSWORD} (start one with {@code eval "$(.ci/pg start)"}; without it
 * run with {@code -p db=h2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class JdbcBenchmark {
    private static final int ROWS = 10_000;
    private static final int HOT = 1_000;
    private static final int CATEGORIES = 50;
    /** The queries; {@code %s} is where the always-true extra predicate of the unique-key variant goes. */
    private static final java.util.Map<String, String> QUERIES = java.util.Map.of(
            "pk", "select id, name, price from bench_item where id = ?%s",
            "join", "select c.name, count(*), sum(i.price) from bench_item i join bench_category c "
                    + "on c.id = i.category where c.id = ?%s group by c.name",
            "rows100", "select id, name, price from bench_item where id > ?%s order by id limit 100");

    @Param({"pk", "join", "rows100"})
    public String query;

    private String select;
    private String selectUnique;

    @Param({"h2", "postgresql"})
    public String db;

    private DataSource raw;
    private DataSource dsProxy;
    private StrataDataSource strata;
    private StrataDataSource strataSecondMiss;
    private StrataDataSource strataFirstMiss;
    /** The floor contender's cache: what a storing miss needs at the least, on the region's default bound. */
    private Cache<UniqueKey, Object[]> floorCache;
    private TickExecutor floorMaintenance;
    private final java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * One thread's connections and statements: every thread has its own connection to each data source, and all
     * threads share the data sources (one Strata store, one cache), as the threads of an application do.
     */
    @State(Scope.Thread)
    public static class Session {
        private Connection direct;
        private Connection cachedConnection;
        private Connection dsProxyConnection;
        private Connection secondMissConnection;
        private Connection firstMissConnection;
        PreparedStatement directSelect;
        PreparedStatement cachedSelect;
        PreparedStatement noCacheSelect;
        PreparedStatement uniqueSelect;
        PreparedStatement directUniqueSelect;
        PreparedStatement dsProxySelect;
        PreparedStatement secondMissUniqueSelect;
        PreparedStatement firstMissUniqueSelect;
        /** Negative and distinct per thread: each thread counts down from its own base. */
        int unique;

        @Setup(Level.Trial)
        public void open(JdbcBenchmark shared) throws SQLException {
            unique = shared.threads.getAndIncrement() * 100_000_000;
            direct = shared.raw.getConnection();
            cachedConnection = shared.strata.getConnection();
            dsProxyConnection = shared.dsProxy.getConnection();
            secondMissConnection = shared.strataSecondMiss.getConnection();
            firstMissConnection = shared.strataFirstMiss.getConnection();
            directSelect = direct.prepareStatement(shared.select);
            cachedSelect = cachedConnection.prepareStatement(shared.select);
            noCacheSelect = cachedConnection.prepareStatement("/* strata:nocache */ " + shared.select);
            uniqueSelect = cachedConnection.prepareStatement(shared.selectUnique);
            directUniqueSelect = direct.prepareStatement(shared.selectUnique);
            dsProxySelect = dsProxyConnection.prepareStatement(shared.select);
            secondMissUniqueSelect = secondMissConnection.prepareStatement(shared.selectUnique);
            firstMissUniqueSelect = firstMissConnection.prepareStatement(shared.selectUnique);
        }

        int nextUnique() {
            return -(++unique);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            direct.close();
            cachedConnection.close();
            dsProxyConnection.close();
            secondMissConnection.close();
            firstMissConnection.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        select = String.format(QUERIES.get(query), "");
        // a second, always-true parameter makes every execution a new cache key
        selectUnique = String.format(QUERIES.get(query), " and ? < 0");
        raw = dataSource(db);
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_item");
            s.execute("drop table if exists bench_category");
            s.execute("create table bench_category(id int primary key, name varchar(40))");
            s.execute("create table bench_item(id int primary key, name varchar(40), price decimal(10,2), "
                    + "category int)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into bench_category values (?, ?)")) {
                for (int i = 1; i <= CATEGORIES; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "category " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into bench_item values (?, ?, ?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item " + i);
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                    ps.setInt(4, 1 + i % CATEGORIES);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "bench-" + UUID.randomUUID());
        strata = StrataDataSource.wrap(raw, settings);
        dsProxy = ProxyDataSourceBuilder.create(raw).name("bench").afterQuery((info, list) -> { }).build();
        Properties secondMiss = new Properties();
        secondMiss.setProperty("strata.store.name", "bench-second-miss-" + UUID.randomUUID());
        secondMiss.setProperty("strata.jdbc.admission", "second-miss");
        strataSecondMiss = StrataDataSource.wrap(raw, secondMiss);
        Properties firstMiss = new Properties();
        firstMiss.setProperty("strata.store.name", "bench-first-miss-" + UUID.randomUUID());
        firstMiss.setProperty("strata.jdbc.admission", "first-miss");
        strataFirstMiss = StrataDataSource.wrap(raw, firstMiss);
        floorMaintenance = TickExecutor.acquire();
        floorCache = Caffeine.newBuilder().maximumSize(10_000).executor(floorMaintenance).build();
        try (Connection c = strata.getConnection(); PreparedStatement warm = c.prepareStatement(select)) {
            for (int i = 1; i <= HOT; i++) {
                read(warm, i);
            }
        }
    }

    private static DataSource dataSource(String db) {
        if ("h2".equals(db)) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            h2.setPassword("");
            return h2;
        }
        return BenchPostgres.fromEnvironment("db=postgresql needs STRATA_PG_URL (eval \"$(.ci/pg start)\"); "
                + "or run with -p db=h2");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        System.out.println();
        System.out.println("strata " + db + ": " + strata.statistics());
        System.out.println("strata " + db + " first-miss: " + strataFirstMiss.statistics());
        strataSecondMiss.close();
        strataFirstMiss.close();
        floorMaintenance.release();
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_item");
            s.execute("drop table if exists bench_category");
        }
        strata.close();
    }

    /** Runs the query and reads every column of every row, as an application does with what it selected. */
    private static Object read(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            Object last = null;
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    last = rs.getObject(c);
                }
            }
            return last;
        }
    }

    private int hotId() {
        int id = ThreadLocalRandom.current().nextInt(HOT) + 1;
        return query.equals("join") ? 1 + id % CATEGORIES : id;
    }

    @Benchmark
    public Object direct(Session s) throws SQLException {
        return read(s.directSelect, hotId());
    }

    @Benchmark
    public Object cached(Session s) throws SQLException {
        return read(s.cachedSelect, hotId());
    }

    @Benchmark
    public Object missNoCache(Session s) throws SQLException {
        return read(s.noCacheSelect, hotId());
    }

    @Benchmark
    public Object missUnique(Session s) throws SQLException {
        int id = hotId();
        s.uniqueSelect.setInt(2, s.nextUnique());
        return read(s.uniqueSelect, id);
    }

    @Benchmark
    public Object missUniqueStored(Session s) throws SQLException {
        int id = hotId();
        s.firstMissUniqueSelect.setInt(2, s.nextUnique());
        return read(s.firstMissUniqueSelect, id);
    }

    @Benchmark
    public Object missUniqueSecondMiss(Session s) throws SQLException {
        int id = hotId();
        s.secondMissUniqueSelect.setInt(2, s.nextUnique());
        return read(s.secondMissUniqueSelect, id);
    }

    /** The baseline of {@link #missUnique}: the same SQL and parameters straight on the driver. */
    @Benchmark
    public Object directUnique(Session s) throws SQLException {
        int id = hotId();
        s.directUniqueSelect.setInt(2, s.nextUnique());
        return read(s.directUniqueSelect, id);
    }

    /** The key of {@link #directUniqueCaffeine}: the statement's text and its two parameters. */
    record UniqueKey(String sql, int id, int unique) {
    }

    @Benchmark
    public Object directUniqueCaffeine(Session s) throws SQLException {
        int id = hotId();
        int unique = s.nextUnique();
        UniqueKey key = new UniqueKey(selectUnique, id, unique);
        Object[] cached = floorCache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        PreparedStatement ps = s.directUniqueSelect;
        ps.setInt(1, id);
        ps.setInt(2, unique);
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            java.util.List<Object> cells = new java.util.ArrayList<>();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    cells.add(rs.getObject(c));
                }
            }
            Object[] stored = cells.toArray();
            floorCache.put(key, stored);
            return stored.length == 0 ? null : stored[stored.length - 1];
        }
    }

    @Benchmark
    public Object dsProxyDirect(Session s) throws SQLException {
        return read(s.dsProxySelect, hotId());
    }
}
