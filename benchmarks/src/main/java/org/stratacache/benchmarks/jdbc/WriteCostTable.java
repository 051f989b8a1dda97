package org.stratacache.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.stratacache.core.invalidation.InvalidationMessage;

/**
 * The table the write-cost measurements update ({@link InvalidationWriteBenchmark}, {@link InterleavedWriteCost}):
 * {@link #ROWS} rows by primary key, a one-row {@code UPDATE}, and the {@code NOTIFY} of the floor contender.
 */
final class WriteCostTable {
    static final int ROWS = 1_000;

    final String name;
    /** {@code UPDATE} of one row, its id the only parameter. */
    final String update;
    /**
     * {@code NOTIFY} to a channel nobody listens on, with a payload of the bus's size for a write to this table:
     * what the driver alone sends to measure what a notification at the commit costs, whoever sends it.
     */
    final String floorNotify;

    private WriteCostTable(String name) {
        this.name = name;
        this.update = "UPDATE " + name + " SET v = v + 1 WHERE id = ?";
        String payload = InvalidationMessage.of(UUID.randomUUID().toString(), System.currentTimeMillis(),
                List.of("public." + name)).encode();
        this.floorNotify = "NOTIFY strata_bench_floor, '" + payload.replace("'", "''") + "'";
    }

    /** Creates a table of its own, named {@code prefix} and random hex digits, with {@link #ROWS} rows. */
    static WriteCostTable create(DataSource db, String prefix) throws SQLException {
        WriteCostTable table = new WriteCostTable(prefix + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 8));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table.name + " (id int PRIMARY KEY, v bigint NOT NULL)");
            s.execute("INSERT INTO " + table.name + " SELECT g, 0 FROM generate_series(1, " + ROWS + ") g");
        }
        return table;
    }

    /**
     * One write as a contender makes it: a random row's {@code UPDATE}, then {@code notify} (when not null) or the
     * commit; inside a transaction the notification goes with the {@code COMMIT} in one request.
     */
    static int write(Connection connection, PreparedStatement update, boolean autoCommit, String notify)
            throws SQLException {
        update.setInt(1, 1 + ThreadLocalRandom.current().nextInt(ROWS));
        int n = update.executeUpdate();
        if (notify != null) {
            try (Statement s = connection.createStatement()) {
                s.execute(autoCommit ? notify : notify + "; COMMIT");
            }
        } else if (!autoCommit) {
            connection.commit();
        }
        return n;
    }

    void drop(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + name);
        }
    }
}
