package org.stratacache.core.invalidation.poll;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.CoalescingPublisher;
import org.stratacache.core.internal.Quietly;
import org.stratacache.core.internal.stats.DelayHistogram;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;

/**
 * The invalidation bus over a version table that every instance polls (mode {@code poll}), for databases without
 * LISTEN/NOTIFY. See {@link VersionTable} for the table and why it is a counter per tag.
 *
 * <p><b>Sending.</b> Inside a transaction ({@link #publishInTransaction}) the rows of the written tags are bumped on
 * the application's own connection just before it commits, under a savepoint: the bump commits with the write (the
 * pollers see it exactly then) or rolls back with it (they see nothing). Writers that publish the same tag wait for
 * each other's commit on its row: that is the cost. A bump that fails (a lock timeout, a serialization failure at
 * REPEATABLE READ or stronger) is rolled back to the savepoint, leaving the application's transaction as it was,
 * and the tags go out after the commit instead. Rows are created at version 0 from a dedicated auto-commit
 * connection, never inside the application's transaction, since a duplicate key there would fail it (PostgreSQL).
 * After an auto-commit write ({@link #publish}) a publisher thread bumps the rows on that dedicated connection,
 * coalescing what accumulated meanwhile, retried with back-off until done or closed: the window is the time from
 * the write's commit to the bump's.
 *
 * <p><b>Polling.</b> A poller thread reads its channel's rows every {@code interval} on a dedicated connection and
 * bumps, in the local store, the tags whose rows moved on (or appeared above version 0) since the last read — not
 * those whose only change was its own bus's single bump. When it (re)connects it creates the table if missing,
 * reads the rows, drops everything the store holds (changes may have been missed while it could not read), and only
 * then trusts the bus. It is not {@link #trusted()} while it cannot read, nor when its last successful read is older
 * than {@code interval + healthCheck} (a read hanging on a connection that vanished without a word).
 */
public final class PollingBus implements InvalidationBus {
    private static final Logger LOG = LoggerFactory.getLogger(PollingBus.class);

    /** Opens a dedicated connection to the database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final String id = UUID.randomUUID().toString();
    private final String channel;
    private final VersionTable table;
    private final String database;
    private final ConnectionFactory connections;
    private final Receiver receiver;
    private final long intervalMillis;
    private final long staleAfterNanos;
    private final Duration maxBackoff;
    private final int queryTimeoutSeconds;
    private final Thread poller;
    private final CoalescingPublisher publisher;
    /** Guards the closed flag's waits and the start wait. */
    private final Object lock = new Object();
    /** The poller's pauses wait here, so that publishing does not cut them short. */
    private final Object pollerPause = new Object();
    /** The dedicated auto-commit connection that inserts missing rows and bumps after auto-commit writes. */
    private final Object writerLock = new Object();
    private Connection writer;
    /** Tags whose row is known to exist (read by the poller, or inserted): a bump inside a transaction needs one. */
    private final Set<String> knownRows = ConcurrentHashMap.newKeySet();
    /** The versions the poller last read; poller thread only. */
    private Map<String, VersionTable.Row> remembered = Map.of();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long lastReadNanos;
    private volatile boolean tableReady;
    private volatile Connection polling;
    /** When the poller last warned of a failure (nanoTime); poller thread only. */
    private long lastFailureWarning = System.nanoTime() - 120_000_000_000L;
    private boolean creationErrorLogged;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentInTransaction = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong invalidateAlls = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final DelayHistogram delays = new DelayHistogram();

    /**
     * @param channel     the store's channel (rows of other channels are other stores')
     * @param table       the version table's name, validated (see {@code ConfigKeys.INVALIDATION_TABLE})
     * @param database    the database, for logs (no password)
     * @param interval    the pause between two reads of the table
     * @param maxBackoff  the longest pause between two reconnection attempts
     * @param healthCheck how long a read may hang before the bus stops trusting itself (and its query timeout)
     * @param publishDelay how long an auto-commit write's tags wait for others to share their bump
     */
    public PollingBus(String channel, String table, String database, ConnectionFactory connections, Receiver receiver,
                      Duration interval, Duration maxBackoff, Duration healthCheck, Duration publishDelay) {
        this.channel = channel;
        this.table = new VersionTable(table);
        this.database = database;
        this.connections = connections;
        this.receiver = receiver;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.staleAfterNanos = interval.plus(healthCheck).toNanos();
        this.maxBackoff = maxBackoff;
        this.queryTimeoutSeconds = (int) Math.max(1, healthCheck.toSeconds());
        this.poller = new Thread(this::pollLoop, "strata-invalidation-poller-" + channel);
        this.publisher = new CoalescingPublisher("bumping " + table + " for " + channel,
                "strata-invalidation-publisher-" + channel, new CoalescingPublisher.Sender() {
                    @Override
                    public void send(Set<String> rows, boolean everything) throws SQLException {
                        bumpAfterCommit(new ArrayList<>(rows));
                    }

                    @Override
                    public void release() {
                        synchronized (writerLock) {
                            closeWriter();
                        }
                    }
                }, maxBackoff.toMillis(), publishDelay, sent, publishFailures);
        poller.setDaemon(true);
    }

    /** Starts polling; waits up to {@code firstConnect} for the first read of the table (the bus is trusted then). */
    public PollingBus start(Duration firstConnect) {
        poller.start();
        publisher.start();
        long deadline = System.nanoTime() + firstConnect.toNanos();
        synchronized (lock) {
            while (!trusted() && !closed && System.nanoTime() < deadline) {
                Quietly.waitOn(lock, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        if (!trusted()) {
            LOG.warn("Strata invalidation: not yet polling {} for {} ({}); reads pass the cache by until it is",
                    table.name(), channel, database);
        }
        return this;
    }

    // ---- publishing --------------------------------------------------------------------------------

    @Override
    public void publish(Collection<String> tags) {
        if (tags.isEmpty() || closed) {
            return;
        }
        publisher.add(rowsOf(tags), false);
    }

    @Override
    public boolean publishInTransaction(Connection connection, Collection<String> tags) {
        if (tags.isEmpty()) {
            return true;
        }
        if (!tableReady || closed) {
            return false;
        }
        Set<String> rows = rowsOf(tags);
        if (!ensureRows(rows)) {
            return false;
        }
        Savepoint savepoint = null;
        try {
            savepoint = connection.setSavepoint();
            if (!table.bump(connection, channel, rows, System.currentTimeMillis(), id)) {
                knownRows.removeAll(rows); // deleted behind our back: the publisher inserts them again
                connection.rollback(savepoint);
                return false;
            }
            release(connection, savepoint);
            sent.incrementAndGet();
            sentInTransaction.incrementAndGet();
            return true;
        } catch (SQLException | RuntimeException e) {
            if (savepoint != null) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException | RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            LOG.debug("Strata invalidation: could not bump {} inside the transaction; publishing after commit",
                    table.name(), e);
            return false;
        }
    }

    /** Releasing is only tidiness (the savepoint ends with the transaction): a driver that cannot is fine. */
    private static void release(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            LOG.trace("Strata invalidation: savepoint not released", e);
        }
    }

    /** The rows for {@code tags}, sorted (one lock order for all writers): a tag too long for a row is everything. */
    private static Set<String> rowsOf(Collection<String> tags) {
        Set<String> rows = new TreeSet<>();
        for (String tag : tags) {
            if (tag.length() > VersionTable.MAX_TAG_LENGTH || tag.isEmpty()) {
                return Set.of(VersionTable.EVERYTHING);
            }
            rows.add(tag);
        }
        return rows;
    }

    /** Inserts the rows not known to exist, from the dedicated connection; false when that failed. */
    private boolean ensureRows(Set<String> rows) {
        if (knownRows.containsAll(rows)) {
            return true;
        }
        synchronized (writerLock) {
            try {
                Connection c = writer();
                for (String tag : rows) {
                    if (!knownRows.contains(tag)) {
                        table.insertIfMissing(c, channel, tag);
                        knownRows.add(tag);
                    }
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                closeWriter();
                LOG.debug("Strata invalidation: could not insert rows into {}", table.name(), e);
                return false;
            }
        }
    }

    /** The dedicated writing connection, opened on demand; the caller holds {@link #writerLock}. */
    private Connection writer() throws SQLException {
        if (writer == null || writer.isClosed()) {
            writer = connections.open();
            writer.setAutoCommit(true);
            if (!tableReady) {
                table.create(writer, queryTimeoutSeconds);
                tableReady = true;
            }
        }
        return writer;
    }

    private void closeWriter() {
        Quietly.close(writer);
        writer = null;
    }

    /** Auto-commit: each row is bumped in a statement of its own, so no two rows are ever locked together. */
    private void bumpAfterCommit(List<String> rows) throws SQLException {
        synchronized (writerLock) {
            try {
                Connection c = writer();
                for (String tag : rows) {
                    if (!knownRows.contains(tag)) {
                        table.insertIfMissing(c, channel, tag);
                        knownRows.add(tag);
                    }
                }
                if (!table.bump(c, channel, rows, System.currentTimeMillis(), id)) {
                    knownRows.removeAll(rows);
                    throw new SQLException("a row of " + table.name() + " vanished while it was bumped");
                }
            } catch (SQLException | RuntimeException e) {
                closeWriter();
                throw e;
            }
        }
    }

    // ---- polling -----------------------------------------------------------------------------------

    private void pollLoop() {
        long backoff = 100;
        boolean first = true;
        while (!closed) {
            Connection connection = null;
            try {
                connection = connections.open();
                connection.setAutoCommit(true);
                name(connection);
                polling = connection;
                table.create(connection, queryTimeoutSeconds);
                tableReady = true;
                remembered = table.read(connection, channel, queryTimeoutSeconds);
                knownRows.addAll(remembered.keySet());
                // Changes committed while no one read are not lost (the rows keep them), but this instance may have
                // cached meanwhile from a store it did not keep up to date, and the rows may have been reset: drop
                // everything, then trust.
                receiver.invalidateAll();
                invalidateAlls.incrementAndGet();
                if (!first) {
                    reconnects.incrementAndGet();
                    LOG.info("Strata invalidation: polling {} again ({}); the cache was dropped", table.name(),
                            database);
                }
                first = false;
                creationErrorLogged = false;
                synchronized (lock) {
                    lastReadNanos = System.nanoTime();
                    connected = true;
                    lock.notifyAll();
                }
                backoff = 100;
                poll(connection);
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    logPollerFailure(e);
                }
            } finally {
                connected = false;
                polling = null;
                Quietly.close(connection);
            }
            if (!closed) {
                pause(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }

    /** Names the session where the driver can (pgjdbc: {@code application_name}), so an administrator sees it. */
    private static void name(Connection connection) {
        try {
            connection.setClientInfo("ApplicationName", "strata-invalidation-poller");
        } catch (SQLException | RuntimeException e) {
            LOG.trace("Strata invalidation: the driver does not take an application name", e);
        }
    }

    private void poll(Connection connection) throws SQLException {
        while (!closed) {
            pause(intervalMillis);
            if (closed) {
                return;
            }
            apply(table.read(connection, channel, queryTimeoutSeconds));
            lastReadNanos = System.nanoTime();
        }
    }

    /** Bumps locally what moved on since the last read. */
    private void apply(Map<String, VersionTable.Row> rows) {
        long now = System.currentTimeMillis();
        List<String> changed = new ArrayList<>();
        boolean everything = !rows.keySet().containsAll(remembered.keySet()); // rows deleted: versions may restart
        for (Map.Entry<String, VersionTable.Row> e : rows.entrySet()) {
            VersionTable.Row row = e.getValue();
            VersionTable.Row before = remembered.get(e.getKey());
            long was = before == null ? 0 : before.version();
            if (row.version() < was) {
                everything = true; // the table was reset
            } else if (row.version() > was && !(row.version() == was + 1 && id.equals(row.changedBy()))) {
                changed.add(e.getKey());
                delays.record(now - row.changedAt());
            }
        }
        remembered = rows;
        knownRows.addAll(rows.keySet());
        received.addAndGet(changed.size());
        if (everything || changed.contains(VersionTable.EVERYTHING)) {
            receiver.invalidateAll();
            invalidateAlls.incrementAndGet();
        } else if (!changed.isEmpty()) {
            receiver.invalidated(changed);
            applied.addAndGet(changed.size());
        }
    }

    private void logPollerFailure(Exception e) {
        if (!tableReady && !creationErrorLogged) {
            creationErrorLogged = true;
            LOG.error("Strata invalidation: cannot create or read the version table {} ({}): {}; reads pass the cache "
                    + "by until it can. Where Strata may not create tables, create it once: {}", table.name(),
                    database, e.toString(), table.createStatement());
            return;
        }
        long now = System.nanoTime();
        if (connected || now - lastFailureWarning > 60_000_000_000L) {
            lastFailureWarning = now;
            LOG.warn("Strata invalidation: poller of {} ({}) cannot read: {}; reads pass the cache by until it reads "
                    + "again (retrying with back-off)", table.name(), database, e.toString());
        } else {
            LOG.debug("Strata invalidation: poller of {} still cannot read: {}", table.name(), e.toString());
        }
    }

    private void pause(long millis) {
        synchronized (pollerPause) {
            if (!closed) {
                Quietly.waitOn(pollerPause, millis);
            }
        }
    }

    // ---- the rest ----------------------------------------------------------------------------------

    /** Connected, and the last read is recent: a read that hangs longer than the health check is doubt. */
    @Override
    public boolean trusted() {
        return connected && System.nanoTime() - lastReadNanos < staleAfterNanos;
    }

    @Override
    public InvalidationStats stats() {
        return new InvalidationStats(sent.get(), sentInTransaction.get(), received.get(), applied.get(),
                invalidateAlls.get(), reconnects.get(), publishFailures.get(), trusted(), delays.percentile(0.5),
                delays.percentile(0.99), delays.max(), 0, 0, 0, 0, 0, 0, false);
    }

    @Override
    public String describe() {
        return "poll of " + table.name() + " for " + channel + " every " + intervalMillis + " ms (" + database + ")";
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        synchronized (pollerPause) {
            pollerPause.notifyAll();
        }
        connected = false;
        publisher.close(5_000);
        Quietly.close(polling); // ends a read in progress
        try {
            poller.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
