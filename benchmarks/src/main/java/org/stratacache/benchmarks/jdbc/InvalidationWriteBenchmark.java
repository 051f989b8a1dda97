package org.stratacache.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import org.stratacache.benchmarks.BenchPostgres;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.jdbc.StrataDataSource;

/**
 * What the invalidation bus costs a write: a one-row {@code UPDATE} by primary key through Strata on
 * PostgreSQL, with the bus off and with LISTEN/NOTIFY ({@code mode}), committed by auto-commit (the tags go to
 * the publisher thread: nothing on the caller's path but a hand-over) or in an explicit transaction (the
 * notification is sent inside it, in the commit's request). {@code direct} is the driver alone.
 *
 * <p>{@code directNotify} is the floor of a notification that PostgreSQL delivers exactly at the commit: the
 * driver alone sending a {@code NOTIFY} of the bus's size (to a channel nobody listens on) with the commit, as
 * Strata does; in auto-commit, the naive synchronous form (the write, then a {@code NOTIFY} on the same
 * connection), which Strata replaces with its publisher thread. Its ratio to {@code direct} is what any
 * in-transaction notification costs on this database and machine, whoever sends it.
 * Needs {@code STRATA_PG_URL} ({@code eval "$(.ci/pg start)"}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class InvalidationWriteBenchmark {
    @Param({"off", "notify"})
    public String mode;

    @Param({"auto", "transaction"})
    public String commit;

    private PGSimpleDataSource pg;
    private StrataDataSource strata;
    private Connection direct;
    private Connection through;
    private PreparedStatement directUpdate;
    private PreparedStatement strataUpdate;
    private WriteCostTable table;
    private boolean autoCommit;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        pg = BenchPostgres.fromEnvironment("needs STRATA_PG_URL (eval \"$(.ci/pg start)\")");
        table = WriteCostTable.create(pg, "bench_w_");
        Properties settings = new Properties();
        settings.setProperty("strata.store.name", "bench-w-" + UUID.randomUUID());
        settings.setProperty("strata.invalidation.mode", mode);
        strata = StrataDataSource.wrap(pg, settings);
        direct = pg.getConnection();
        through = strata.getConnection();
        autoCommit = commit.equals("auto");
        direct.setAutoCommit(autoCommit);
        through.setAutoCommit(autoCommit);
        directUpdate = direct.prepareStatement(table.update);
        strataUpdate = through.prepareStatement(table.update);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        directUpdate.close();
        strataUpdate.close();
        direct.close();
        through.close();
        strata.close();
        table.drop(pg);
    }

    @Benchmark
    public int direct() throws SQLException {
        return WriteCostTable.write(direct, directUpdate, autoCommit, null);
    }

    @Benchmark
    public int strata() throws SQLException {
        return WriteCostTable.write(through, strataUpdate, autoCommit, null);
    }

    @Benchmark
    public int directNotify() throws SQLException {
        return WriteCostTable.write(direct, directUpdate, autoCommit, table.floorNotify);
    }
}
