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
import org.postgresql.ds.PGSimpleDataSource;
import org.stratacache.jdbc.StrataDataSource;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Primary-key select of one row out of 10,000, by a prepared statement, four ways:
 * <ul>
 *   <li>{@code direct}: the driver alone;</li>
 *   <li>{@code cached}: through Strata, every key already cached (the hit path, no database call);</li>
 *   <li>{@code missNoCache}: through Strata with {@code /* strata:nocache *}{@code /} — the pass-through cost of
 *       the interception (analysis lookup, parameter capture, invalidation bookkeeping);</li>
 *   <li>{@code missUnique}: through Strata with a parameter never seen before — the full miss: database,
 *       materialisation, store; {@code directUnique} is its baseline (same SQL on the driver);</li>
 *   <li>{@code dsProxyDirect}: the driver behind datasource-proxy with one no-op listener, for comparison
 *       with Strata's own proxies.</li>
 * </ul>
 * {@code db=h2} is an in-memory H2 database; {@code db=postgresql} reads {@code STRATA_PG_URL},
 * {@code STRATA_PG_USER}, {@code STRATA_PG_PASSWORD} (start one with {@code eval "$(.ci/pg start)"}; without it
 * run with {@code -p db=h2}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcBenchmark {
    private static final int ROWS = 10_000;
    private static final int HOT = 1_000;
    private static final String SELECT = "select id, name, price from bench_item where id = ?";
    /** The same lookup with a second, always-true parameter that makes every execution a new cache key. */
    private static final String SELECT_UNIQUE = SELECT + " and id > ?";

    @Param({"h2", "postgresql"})
    public String db;

    private String table;
    private DataSource raw;
    private StrataDataSource strata;
    private Connection direct;
    private Connection cachedConnection;
    private Connection dsProxyConnection;
    private PreparedStatement directSelect;
    private PreparedStatement cachedSelect;
    private PreparedStatement noCacheSelect;
    private PreparedStatement uniqueSelect;
    private PreparedStatement directUniqueSelect;
    private PreparedStatement dsProxySelect;
    private int unique;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        raw = dataSource(db);
        table = "bench_item";
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_item");
            s.execute("create table bench_item(id int primary key, name varchar(40), price decimal(10,2))");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into bench_item values (?, ?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item " + i);
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "bench-" + UUID.randomUUID());
        strata = StrataDataSource.wrap(raw, settings);
        direct = raw.getConnection();
        cachedConnection = strata.getConnection();
        DataSource proxied = ProxyDataSourceBuilder.create(raw).name("bench").afterQuery((info, list) -> { }).build();
        dsProxyConnection = proxied.getConnection();
        directSelect = direct.prepareStatement(SELECT);
        cachedSelect = cachedConnection.prepareStatement(SELECT);
        noCacheSelect = cachedConnection.prepareStatement("/* strata:nocache */ " + SELECT);
        uniqueSelect = cachedConnection.prepareStatement(SELECT_UNIQUE);
        directUniqueSelect = direct.prepareStatement(SELECT_UNIQUE);
        dsProxySelect = dsProxyConnection.prepareStatement(SELECT);
        for (int i = 1; i <= HOT; i++) {
            read(cachedSelect, i);
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
        String url = System.getenv("STRATA_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("db=postgresql needs STRATA_PG_URL (eval \"$(.ci/pg start)\"); "
                    + "or run with -p db=h2");
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(System.getenv().getOrDefault("STRATA_PG_USER", "postgres"));
        pg.setPassword(System.getenv().getOrDefault("STRATA_PG_PASSWORD", ""));
        return pg;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        System.out.println();
        System.out.println("strata " + db + ": " + strata.statistics());
        direct.close();
        cachedConnection.close();
        dsProxyConnection.close();
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + table);
        }
        strata.close();
    }

    private static String read(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    private static int hotId() {
        return ThreadLocalRandom.current().nextInt(HOT) + 1;
    }

    @Benchmark
    public String direct() throws SQLException {
        return read(directSelect, hotId());
    }

    @Benchmark
    public String cached() throws SQLException {
        return read(cachedSelect, hotId());
    }

    @Benchmark
    public String missNoCache() throws SQLException {
        return read(noCacheSelect, hotId());
    }

    @Benchmark
    public String missUnique() throws SQLException {
        int id = hotId();
        uniqueSelect.setInt(2, -(++unique));
        return read(uniqueSelect, id);
    }

    /** The baseline of {@link #missUnique()}: the same SQL and parameters straight on the driver. */
    @Benchmark
    public String directUnique() throws SQLException {
        int id = hotId();
        directUniqueSelect.setInt(2, -(++unique));
        return read(directUniqueSelect, id);
    }

    @Benchmark
    public String dsProxyDirect() throws SQLException {
        return read(dsProxySelect, hotId());
    }
}
