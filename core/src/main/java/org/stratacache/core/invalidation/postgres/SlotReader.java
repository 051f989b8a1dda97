package org.stratacache.core.invalidation.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.Quietly;
import org.stratacache.core.internal.stats.DelayHistogram;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus.Receiver;

/**
 * Reads a logical replication slot ({@code pgoutput}) and applies, once per committed transaction, the tags of
 * the tables it changed: every write, whoever made it (Strata, psql, a migration, another service).
 *
 * <p><b>A session</b>, on each (re)connection: check the server and the role on an ordinary connection (the
 * <em>probe</em>; see {@link LogicalSetup}), make sure the publication exists, open the replication connection,
 * create the slot (temporary unless named), start streaming, drop everything the store holds, and only then
 * trust: commits before the slot existed are covered by that drop, commits after it arrive through the slot.
 * Each transaction is applied at its {@code Commit}, and its end LSN acknowledged (flushed and applied) once the
 * stream goes quiet or, during a burst, at most {@value #ACK_MILLIS} ms later, so the slot retains no WAL behind
 * the reader; between transactions the reader also acknowledges the server's position from its keepalives
 * (WAL written for other databases).
 *
 * <p><b>Losing it.</b> The stream fails when the server closes the connection; a connection lost without a word
 * is noticed within {@code healthCheck}, when the probe finds the slot no longer held by this session's WAL
 * sender (or the probe itself fails). Until a new session trusts again, the bus is not trusted: a temporary slot
 * is gone with its connection, and the changes made meanwhile were never seen. Reconnection backs off from
 * 100 ms to {@code maxBackoff}; a configuration problem is logged as an ERROR (once per distinct problem) and
 * retried at {@code maxBackoff}, so that a fixed server is picked up.
 *
 * <p><b>The slot.</b> Temporary by default: PostgreSQL drops it when its connection ends, however the JVM ends.
 * A named slot is permanent: created when missing, reused when an earlier instance left it behind, dropped at
 * {@link #close()}; a JVM that dies holding one leaves it retaining WAL until someone drops it.
 *
 * <p>Polls the stream every {@value #POLL_MILLIS} ms when it is idle (pgjdbc's blocking read cannot be woken for
 * health checks or close); a burst is read without pauses.
 */
final class SlotReader {
    private static final Logger LOG = LoggerFactory.getLogger(SlotReader.class);
    static final int POLL_MILLIS = 2;
    /** During a burst of commits, the longest the slot goes without an acknowledgement. */
    private static final long ACK_MILLIS = 100;
    private static final String TOO_MANY_CONNECTIONS = "53300";
    private static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";
    private static final long FIRST_BACKOFF_MILLIS = 100;

    private final String slotName;
    private final boolean temporary;
    private final String publication;
    private final String database;
    private final BusRegistry.DedicatedConnections connections;
    private final Receiver receiver;
    private final AppliedCommits commits;
    private final Duration maxBackoff;
    private final Duration healthCheck;
    private final Thread thread;
    /** Told whenever {@link #trusted()} changes (the cluster's election announces it); may be a no-op. */
    private final Runnable trustChanged;
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile boolean trusted;
    private String lastProblem;
    private String lastFailure;
    /** A named slot this reader created or took over: dropped at close. */
    private volatile boolean slotHeld;
    private String lastWarning;
    private Connection probe;
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong invalidateAlls = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final DelayHistogram delays = new DelayHistogram();

    /**
     * @param slotName    the slot's name
     * @param temporary   a temporary slot (gone with its connection); else a permanent one dropped at close
     * @param publication the publication whose tables the slot reports
     * @param database    the database, for logs (no password)
     */
    SlotReader(String slotName, boolean temporary, String publication, String database,
               BusRegistry.DedicatedConnections connections, Receiver receiver, AppliedCommits commits,
               Duration maxBackoff, Duration healthCheck) {
        this(slotName, temporary, publication, database, connections, receiver, commits, maxBackoff, healthCheck,
                () -> { });
    }

    /** The same, telling {@code trustChanged} (on the reader's thread) whenever {@link #trusted()} changes. */
    SlotReader(String slotName, boolean temporary, String publication, String database,
               BusRegistry.DedicatedConnections connections, Receiver receiver, AppliedCommits commits,
               Duration maxBackoff, Duration healthCheck, Runnable trustChanged) {
        this.trustChanged = trustChanged;
        this.slotName = slotName;
        this.temporary = temporary;
        this.publication = publication;
        this.database = database;
        this.connections = connections;
        this.receiver = receiver;
        this.commits = commits;
        this.maxBackoff = maxBackoff;
        this.healthCheck = healthCheck;
        this.thread = new Thread(this::run, "strata-invalidation-slot-" + slotName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean trusted() {
        return trusted;
    }

    /** Waits until trusted, closed or past {@code deadlineNanos} ({@link System#nanoTime()}). */
    void awaitTrusted(long deadlineNanos) {
        synchronized (lock) {
            while (!trusted && !closed && System.nanoTime() < deadlineNanos) {
                Quietly.waitOn(lock, Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            }
        }
    }

    String slotName() {
        return slotName;
    }

    long decoded() {
        return decoded.get();
    }

    long applied() {
        return applied.get();
    }

    long invalidateAlls() {
        return invalidateAlls.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    DelayHistogram delays() {
        return delays;
    }

    // ---- sessions ----------------------------------------------------------------------------------

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean first = true;
        while (!closed) {
            Session session = null;
            try {
                session = open();
                // Commits before the slot existed were never seen, and those after it will be: drop, then trust.
                receiver.invalidateAll();
                invalidateAlls.incrementAndGet();
                if (!first) {
                    reconnects.incrementAndGet();
                    LOG.info("Strata invalidation: reading slot {} again ({}); the cache was dropped", slotName,
                            database);
                }
                first = false;
                lastProblem = null;
                lastFailure = null;
                setTrusted(true);
                backoff = FIRST_BACKOFF_MILLIS;
                stream(session);
            } catch (LogicalSetup.Problem e) {
                if (!e.getMessage().equals(lastProblem)) {
                    LOG.error("Strata invalidation: strata.invalidation.mode=logical cannot work on {}: {}; reads "
                            + "pass the cache by until it is fixed (checked again every {} ms)", database,
                            e.getMessage(), maxBackoff.toMillis());
                    lastProblem = e.getMessage();
                }
                backoff = maxBackoff.toMillis();
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    if (!e.toString().equals(lastFailure)) { // the same failure again: once per outage is enough
                        LOG.warn("Strata invalidation: replication slot {} on {} lost: {}; reads pass the cache by "
                                + "until it is read again", slotName, database, e.toString());
                        lastFailure = e.toString();
                    } else {
                        LOG.debug("Strata invalidation: slot {} still unreadable: {}", slotName, e.toString());
                    }
                    Quietly.close(probe); // it may have died with the server
                    probe = null;
                }
            } finally {
                setTrusted(false);
                if (session != null) {
                    session.close(closed && !temporary);
                }
            }
            if (!closed) {
                sleep(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
        if (slotHeld) {
            dropLeftBehind();
        }
        Quietly.close(probe);
    }

    private Session open() throws SQLException, LogicalSetup.Problem {
        Connection check = probe();
        List<String> problems = LogicalSetup.serverProblems(check);
        if (!problems.isEmpty()) {
            throw new LogicalSetup.Problem(String.join("; ", problems));
        }
        warnOnce(LogicalSetup.ensurePublication(check, publication));
        if (!temporary) {
            claimNamedSlot(check);
        }
        Properties replication = new Properties();
        replication.setProperty("replication", "database");
        replication.setProperty("assumeMinServerVersion", "10");
        replication.setProperty("preferQueryMode", "simple");
        replication.setProperty("ApplicationName", "strata-invalidation-slot");
        Connection connection;
        try {
            connection = connections.open(replication);
        } catch (SQLFeatureNotSupportedException e) {
            throw new LogicalSetup.Problem("Strata has no JDBC URL for a replication connection (" + e.getMessage()
                    + "): set strata.invalidation.jdbc-url");
        } catch (SQLException e) {
            if (TOO_MANY_CONNECTIONS.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("wal_send")) {
                throw new LogicalSetup.Problem("every WAL sender is in use (" + e.getMessage() + "): raise "
                        + "max_wal_senders in postgresql.conf and restart the server");
            }
            if (e.getMessage() != null && e.getMessage().contains("pg_hba.conf")) {
                throw new LogicalSetup.Problem("the server refuses the replication connection (" + e.getMessage()
                        + "): pg_hba.conf needs a line 'host replication <role> <address> <method>'");
            }
            throw e;
        }
        Session session = new Session(connection);
        try {
            session.pid = backendPid(connection);
            PGConnection pg = connection.unwrap(PGConnection.class);
            if (temporary) {
                pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(slotName)
                        .withOutputPlugin("pgoutput").withTemporaryOption().make();
            } else {
                if (!slotExists(check)) {
                    pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(slotName)
                            .withOutputPlugin("pgoutput").make();
                }
                slotHeld = true;
            }
            session.stream = pg.getReplicationAPI().replicationStream().logical().withSlotName(slotName)
                    .withSlotOption("proto_version", 1).withSlotOption("publication_names", publication)
                    .withStatusInterval((int) Math.max(1, healthCheck.toSeconds()), TimeUnit.SECONDS).start();
            return session;
        } catch (SQLException e) {
            session.close(false);
            if (CONFIGURATION_LIMIT_EXCEEDED.equals(e.getSQLState())) {
                throw new LogicalSetup.Problem("every replication slot is in use (" + e.getMessage() + "): raise "
                        + "max_replication_slots in postgresql.conf and restart the server, or drop slots nobody "
                        + "reads (SELECT slot_name FROM pg_replication_slots WHERE NOT active)");
            }
            throw e;
        } catch (RuntimeException e) {
            session.close(false);
            throw e;
        }
    }

    /** A named slot: must be pgoutput's, in this database, and not held by another session. */
    private void claimNamedSlot(Connection check) throws SQLException, LogicalSetup.Problem {
        try (PreparedStatement ps = check.prepareStatement("SELECT plugin, database = current_database(), active_pid "
                + "FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                if (!"pgoutput".equals(rs.getString(1)) || !rs.getBoolean(2)) {
                    throw new LogicalSetup.Problem("replication slot " + slotName + " exists but is not a pgoutput "
                            + "slot of this database: name another one in strata.invalidation.slot");
                }
                int pid = rs.getInt(3);
                if (!rs.wasNull()) {
                    throw new SQLException("replication slot " + slotName + " is in use by backend " + pid
                            + " (another instance with the same strata.invalidation.slot?)");
                }
                if (!slotHeld) { // not this reader's own from before a reconnect
                    warnOnce("replication slot " + slotName + " was left behind by an earlier instance; reading on "
                            + "from where it stopped");
                }
            }
        }
    }

    private boolean slotExists(Connection check) throws SQLException {
        try (PreparedStatement ps = check.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- streaming ---------------------------------------------------------------------------------

    private void stream(Session session) throws SQLException {
        PgOutput pgoutput = new PgOutput(this::ancestors);
        PGReplicationStream stream = session.stream;
        long acknowledged = 0;
        long appliedUpTo = 0;
        long nextAck = System.nanoTime();
        long nextCheck = System.nanoTime() + healthCheck.toNanos();
        while (!closed) {
            ByteBuffer message = stream.readPending();
            if (message != null) {
                PgOutput.Commit commit = pgoutput.read(message);
                if (commit == null) {
                    continue;
                }
                apply(commit);
                appliedUpTo = Math.max(appliedUpTo, commit.endLsn());
                if (System.nanoTime() < nextAck) {
                    continue; // a burst: acknowledge at most every ACK_MILLIS while it lasts
                }
            }
            if (!pgoutput.inTransaction()) {
                // between transactions: everything up to the server's last position has been applied
                long position = Math.max(appliedUpTo, stream.getLastReceiveLSN().asLong());
                if (position > acknowledged) {
                    LogSequenceNumber lsn = LogSequenceNumber.valueOf(position);
                    stream.setAppliedLSN(lsn);
                    stream.setFlushedLSN(lsn);
                    stream.forceUpdateStatus();
                    acknowledged = position;
                }
                nextAck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_MILLIS);
            }
            if (System.nanoTime() >= nextCheck) {
                checkHeld(session.pid);
                nextCheck = System.nanoTime() + healthCheck.toNanos();
            }
            if (message == null) {
                pause();
            }
        }
    }

    private void apply(PgOutput.Commit commit) {
        if (commit.tables().isEmpty() && !commit.everything()) {
            return; // only tables outside the publication's reach (PostgreSQL 15 sends no such transactions)
        }
        Collection<String> tags = commit.everything() ? null : receiver.tagsOfTables(commit.tables());
        boolean done;
        if (tags == null) {
            done = commits.claimEverything(commit.xid());
            if (done) {
                receiver.invalidateAll();
                invalidateAlls.incrementAndGet();
            }
        } else {
            Collection<String> fresh = commits.claim(commit.xid(), tags);
            done = !fresh.isEmpty();
            if (done) {
                receiver.invalidated(fresh);
                applied.addAndGet(fresh.size());
            }
        }
        if (done) {
            decoded.incrementAndGet();
            delays.record(System.currentTimeMillis() - commit.commitMillis());
        }
    }

    /** A dead connection shows here: the probe fails, or the slot is no longer held by this session's sender. */
    private void checkHeld(int pid) throws SQLException {
        Connection check = probe();
        try (PreparedStatement ps = check.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setQueryTimeout((int) Math.max(1, healthCheck.toSeconds()));
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != pid) {
                    throw new SQLException("the slot is no longer held by this reader's WAL sender (backend " + pid
                            + ")");
                }
            }
        }
    }

    /** The tables {@code relationId} belongs to (partitioned and inherited parents), for their tags too. */
    private Set<String> ancestors(int relationId, String name) {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement ps = probe().prepareStatement("WITH RECURSIVE up(oid) AS (SELECT inhparent FROM "
                + "pg_inherits WHERE inhrelid = ?::oid UNION SELECT i.inhparent FROM pg_inherits i JOIN up ON "
                + "i.inhrelid = up.oid) SELECT lower(c.relname) FROM up JOIN pg_class c ON c.oid = up.oid")) {
            ps.setLong(1, relationId & 0xffff_ffffL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            LOG.warn("Strata invalidation: could not read the parents of table {} ({}); its writes drop everything",
                    name, e.toString());
            return null;
        }
    }

    private Connection probe() throws SQLException {
        if (probe == null || probe.isClosed()) {
            probe = connections.open();
            probe.setAutoCommit(true);
            try (Statement st = probe.createStatement()) {
                st.execute("SET application_name = 'strata-invalidation-slot-probe'");
            }
        }
        return probe;
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- closing -----------------------------------------------------------------------------------

    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        trusted = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A named slot whose session ended without dropping it (the connection was lost as the bus closed). */
    private void dropLeftBehind() {
        try {
            Connection check = probe();
            for (int attempt = 0; attempt < 20 && slotExists(check); attempt++) {
                try (PreparedStatement ps = check.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM "
                        + "pg_replication_slots WHERE slot_name = ? AND active_pid IS NULL")) {
                    ps.setString(1, slotName);
                    ps.execute();
                }
                if (slotExists(check)) {
                    Thread.sleep(100); // its WAL sender is still exiting
                }
            }
            if (slotExists(check)) {
                warnNamedSlotLeft(null);
            }
        } catch (SQLException | RuntimeException e) {
            warnNamedSlotLeft(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnNamedSlotLeft(null);
        }
    }

    private void warnNamedSlotLeft(Exception e) {
        LOG.error("Strata invalidation: could not drop replication slot {} on {}{}; it retains WAL until dropped: "
                + "SELECT pg_drop_replication_slot('{}')", slotName, database, e == null ? "" : " (" + e + ")",
                slotName);
    }

    private final class Session {
        final Connection connection;
        PGReplicationStream stream;
        int pid;

        Session(Connection connection) {
            this.connection = connection;
        }

        /** Ends the stream; drops a named slot when asked (the bus closes); closes the connection. */
        void close(boolean dropSlot) {
            try {
                if (stream != null && !stream.isClosed()) {
                    stream.close();
                }
                if (dropSlot) {
                    connection.unwrap(PGConnection.class).getReplicationAPI().dropReplicationSlot(slotName);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Strata invalidation: ending the session on slot {} failed", slotName, e);
            }
            Quietly.close(connection);
        }
    }

    // ---- the rest ----------------------------------------------------------------------------------

    private void setTrusted(boolean value) {
        boolean changed;
        synchronized (lock) {
            changed = trusted != (value && !closed);
            trusted = value && !closed;
            lock.notifyAll();
        }
        if (changed) {
            trustChanged.run();
        }
    }

    private void warnOnce(String warning) {
        if (warning != null && !warning.equals(lastWarning)) {
            LOG.warn("Strata invalidation: {}", warning);
            lastWarning = warning;
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void sleep(long millis) {
        synchronized (lock) {
            if (!closed) {
                Quietly.waitOn(lock, millis);
            }
        }
    }
}
