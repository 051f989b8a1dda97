package org.stratacache.core.invalidation.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.jdbc.AutoSave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.CoalescingPublisher;
import org.stratacache.core.internal.Quietly;
import org.stratacache.core.internal.stats.DelayHistogram;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationMessage;
import org.stratacache.core.invalidation.InvalidationStats;

/**
 * The invalidation bus over PostgreSQL's LISTEN/NOTIFY.
 *
 * <p><b>Sending.</b> Inside a transaction ({@link #publishInTransaction}) the notification is sent on the
 * application's own connection before it commits: PostgreSQL delivers it when, and only if, the transaction
 * commits, so there is no window. Where the application commits through the JDBC API on pgjdbc,
 * {@link #commitPublishing} sends {@code NOTIFY …; COMMIT} as one request: the same guarantee without
 * a round trip of its own (a transaction's write through Strata cost 0.76× of one without a bus when the
 * notification went first). After an auto-commit statement ({@link #publish}) it goes out from a
 * publisher thread on a connection of its own, coalescing what accumulated while the previous notification
 * was sent, at most one per {@code publishDelay} under steady writes (see {@link CoalescingPublisher}); the
 * window is the time from the write's commit to that notification's commit (a round trip on the publisher
 * connection, plus queueing behind the previous one, plus at most the delay). A publish that fails is retried with
 * back-off until it is sent or the bus closes: nothing is dropped. A message that does not fit into one
 * notification becomes "everything".
 *
 * <p><b>Listening.</b> One dedicated connection (never one of the application's) runs {@code LISTEN} and waits
 * for notifications, checking every {@code healthCheck} that the connection is alive. When it fails, the bus
 * is not {@link #trusted()} until it is connected again (the readers then pass the cache by), reconnects with
 * back-off (100 ms doubling to {@code maxBackoff}), and after {@code LISTEN} succeeds it drops everything the
 * store holds before it trusts itself again: notifications sent meanwhile are lost. A bus ignores its own
 * notifications.
 */
public final class PgNotifyBus implements InvalidationBus {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifyBus.class);
    private static final int WAIT_MILLIS = 250;

    /** Opens a dedicated connection to the database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final String id = UUID.randomUUID().toString();
    private final String channel;
    private final String database;
    private final boolean publishes;
    private final ConnectionFactory connections;
    private final Receiver receiver;
    private final Duration maxBackoff;
    private final Duration healthCheck;
    private final Thread listener;
    private final CoalescingPublisher publisher;
    /** The publisher's connection; publisher thread only. */
    private Connection publishing;
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile boolean trusted;
    private volatile Connection listening;
    /** When the listener last warned of a failure (nanoTime); listener thread only. */
    private long lastFailureWarning = System.nanoTime() - 120_000_000_000L;
    /** The listener's back-off pauses wait here, so that publishing does not cut them short. */
    private final Object listenerPause = new Object();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentInTransaction = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong invalidateAlls = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final DelayHistogram delays = new DelayHistogram();
    /** Mode logical: the commits applied lately, shared with the slot reader; null otherwise. */
    private final AppliedCommits commits;

    /**
     * @param channel  the notification channel (see {@link #channelFor})
     * @param database the database, for logs (no password)
     * @param publishes false when the database notifies every write itself (triggers): the bus only listens
     * @param publishDelay how long an auto-commit write's tags wait for others to share their notification
     */
    public PgNotifyBus(String channel, String database, ConnectionFactory connections, Receiver receiver,
                       boolean publishes, Duration maxBackoff, Duration healthCheck, Duration publishDelay) {
        this(channel, database, connections, receiver, publishes, maxBackoff, healthCheck, publishDelay, null);
    }

    /**
     * A bus whose messages sent inside a transaction name it, and whose received messages are applied once
     * together with the commits {@code commits} holds (mode logical: the slot reader brings them too).
     */
    PgNotifyBus(String channel, String database, ConnectionFactory connections, Receiver receiver,
                boolean publishes, Duration maxBackoff, Duration healthCheck, Duration publishDelay,
                AppliedCommits commits) {
        this.commits = commits;
        this.publishes = publishes;
        this.channel = channel;
        this.database = database;
        this.connections = connections;
        this.receiver = receiver;
        this.maxBackoff = maxBackoff;
        this.healthCheck = healthCheck;
        this.listener = new Thread(this::listen, "strata-invalidation-listener-" + channel);
        this.publisher = new CoalescingPublisher("notify on channel " + channel, "strata-invalidation-publisher-"
                + channel, new CoalescingPublisher.Sender() {
                    @Override
                    public void send(Set<String> tags, boolean everything) throws SQLException {
                        notifyOnOwnConnection(tags, everything);
                    }

                    @Override
                    public void release() {
                        Quietly.close(publishing);
                        publishing = null;
                    }
                }, maxBackoff.toMillis(), publishDelay, sent, publishFailures);
        listener.setDaemon(true);
    }

    /** Starts listening; waits up to {@code firstConnect} for the first {@code LISTEN} (the bus is trusted then). */
    public PgNotifyBus start(Duration firstConnect) {
        listener.start();
        if (publishes) {
            publisher.start();
        }
        long deadline = System.nanoTime() + firstConnect.toNanos();
        synchronized (lock) {
            while (!trusted && !closed && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!trusted) {
            LOG.warn("Strata invalidation: not yet listening on {} ({}); reads pass the cache by until it is",
                    channel, database);
        }
        return this;
    }

    /** A channel name for a store: {@code strata_} and the store name, lower case, other characters as '_'. */
    public static String channelFor(String storeName) {
        String name = "strata_" + storeName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    // ---- publishing --------------------------------------------------------------------------------

    @Override
    public void publish(Collection<String> tags) {
        if (tags.isEmpty() || closed || !publishes) {
            return;
        }
        publisher.add(tags, false);
    }

    @Override
    public boolean publishInTransaction(Connection connection, Collection<String> tags) {
        if (tags.isEmpty() || !publishes) {
            return true;
        }
        if (commits != null) {
            return publishNamingTransaction(connection, tags);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, InvalidationMessage.of(id, System.currentTimeMillis(), tags).encode());
            ps.execute();
            sent.incrementAndGet();
            sentInTransaction.incrementAndGet();
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Strata invalidation: could not notify inside the transaction; publishing after commit", e);
            return false;
        }
    }

    /**
     * {@code NOTIFY channel, E'…'; COMMIT} in one request: pgjdbc sends the statements of one text together and
     * waits once. Only on pgjdbc, inside an open transaction that is not failed, and without {@code autosave}
     * (which wraps each statement in a savepoint that a COMMIT in it would end); and not where the message must
     * name the transaction (mode {@code logical} beside it reads the id back). If the notification fails, the
     * COMMIT after it in the same request is skipped by the server and the transaction is still open: false, and
     * the caller commits as usual. If the COMMIT fails, pgjdbc is idle again: the commit's exception.
     */
    @Override
    public boolean commitPublishing(Connection connection, Collection<String> tags) throws SQLException {
        if (tags.isEmpty() || !publishes || commits != null || !connection.isWrapperFor(BaseConnection.class)) {
            return false;
        }
        BaseConnection pg = connection.unwrap(BaseConnection.class);
        if (pg.getAutosave() != AutoSave.NEVER || pg.getTransactionState() != TransactionState.OPEN) {
            return false;
        }
        String message = InvalidationMessage.of(id, System.currentTimeMillis(), tags).encode();
        try (Statement statement = connection.createStatement()) {
            // NOTIFY, a utility statement, rather than SELECT pg_notify(…): no planner, no executor (the channel is
            // a validated lower-case identifier, as LISTEN uses it)
            statement.execute("NOTIFY " + channel + ", " + literal(message) + "; COMMIT");
        } catch (SQLException e) {
            if (pg.getTransactionState() == TransactionState.IDLE) {
                throw e; // the COMMIT ran and failed: the transaction was rolled back
            }
            LOG.debug("Strata invalidation: could not notify with the commit; committing as usual", e);
            return false;
        }
        sent.incrementAndGet();
        sentInTransaction.incrementAndGet();
        return true;
    }

    /** {@code text} as an escape string literal: read the same whatever {@code standard_conforming_strings} says. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8).append("E'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\'') {
                out.append(c);
            } else if (c == 0) {
                throw new IllegalArgumentException("a notification cannot hold a NUL character");
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    /**
     * The message ends with the transaction's id (when it has one: it wrote), which the slot reader of every
     * instance, this one's too, meets again at the commit; this instance's writer invalidates its own cache, so
     * its own commit counts as applied here already.
     */
    private boolean publishNamingTransaction(Connection connection, Collection<String> tags) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT x, pg_notify(?, ? || coalesce(E'\\n"
                + InvalidationMessage.XID_LINE + "' || x, '')) FROM (SELECT txid_current_if_assigned() AS x) t")) {
            ps.setString(1, channel);
            ps.setString(2, InvalidationMessage.of(id, System.currentTimeMillis(), tags).encode());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                long xid = rs.getLong(1);
                if (!rs.wasNull()) {
                    commits.claim(xid, tags);
                }
            }
            sent.incrementAndGet();
            sentInTransaction.incrementAndGet();
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Strata invalidation: could not notify inside the transaction; publishing after commit", e);
            return false;
        }
    }

    /** Sends one coalesced notification from the publisher's own connection (auto-commit). */
    private void notifyOnOwnConnection(Set<String> tags, boolean everything) throws SQLException {
        InvalidationMessage message = everything ? InvalidationMessage.everything(id, System.currentTimeMillis())
                : InvalidationMessage.of(id, System.currentTimeMillis(), tags);
        try {
            if (publishing == null || publishing.isClosed()) {
                publishing = connections.open();
                publishing.setAutoCommit(true);
                asynchronousCommits(publishing);
            }
            try (PreparedStatement ps = publishing.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, channel);
                ps.setString(2, message.encode());
                ps.execute();
            }
        } catch (SQLException | RuntimeException e) {
            Quietly.close(publishing);
            publishing = null;
            throw e;
        }
    }

    /**
     * The publisher's transactions hold only a NOTIFY, and a transaction that notifies has a transaction id, so
     * with the server's default each would wait for its own WAL flush: a second fsync for every auto-commit write
     * of the application (measured: an auto-commit UPDATE 0.6x as fast with the bus as without). Its commits
     * need no durability: listeners are signalled at commit, before the flush, and if the server crashes they
     * reconnect and drop everything anyway. So they do not wait for the flush.
     */
    private static void asynchronousCommits(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit TO off");
        }
    }

    // ---- listening ---------------------------------------------------------------------------------

    private void listen() {
        long backoff = 100;
        boolean first = true;
        while (!closed) {
            Connection connection = null;
            try {
                connection = connections.open();
                connection.setAutoCommit(true);
                try (Statement st = connection.createStatement()) {
                    // named so that an administrator sees what this session is (pg_stat_activity)
                    st.execute("SET application_name = 'strata-invalidation-listener'");
                    st.execute("LISTEN " + channel);
                }
                listening = connection;
                // Notifications sent while no one listened are lost: drop everything, then trust.
                receiver.invalidateAll();
                invalidateAlls.incrementAndGet();
                if (!first) {
                    reconnects.incrementAndGet();
                    LOG.info("Strata invalidation: listening again on {} ({}); the cache was dropped", channel,
                            database);
                }
                first = false;
                synchronized (lock) {
                    trusted = true;
                    lock.notifyAll();
                }
                backoff = 100;
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    logListenerFailure(e);
                }
            } finally {
                trusted = false;
                listening = null;
                Quietly.close(connection);
            }
            if (!closed) {
                synchronized (listenerPause) {
                    if (!closed) {
                        Quietly.waitOn(listenerPause, backoff);
                    }
                }
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }

    /** WARN for the first failure after being connected, then at most once a minute while it keeps failing. */
    private void logListenerFailure(Exception e) {
        long now = System.nanoTime();
        if (trusted || now - lastFailureWarning > 60_000_000_000L) {
            lastFailureWarning = now;
            LOG.warn("Strata invalidation: listener on {} ({}) not connected: {}; reads pass the cache by until it "
                    + "listens again (retrying with back-off)", channel, database, e.toString());
        } else {
            LOG.debug("Strata invalidation: listener on {} still not connected: {}", channel, e.toString());
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + healthCheck.toNanos();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() >= nextCheck) {
                try (Statement st = connection.createStatement()) {
                    st.setQueryTimeout((int) Math.max(1, healthCheck.toSeconds()));
                    st.execute("SELECT 1"); // a dead connection shows here, not in a wait that times out
                }
                nextCheck = System.nanoTime() + healthCheck.toNanos();
            }
        }
    }

    private void deliver(String payload) {
        InvalidationMessage message = InvalidationMessage.decode(payload);
        if (message == null || message.sender().equals(id)) {
            return;
        }
        received.incrementAndGet();
        boolean named = commits != null && message.xid() != 0;
        if (message.all()) {
            if (!named || commits.claimEverything(message.xid())) {
                receiver.invalidateAll();
                invalidateAlls.incrementAndGet();
            }
        } else {
            Collection<String> fresh = named ? commits.claim(message.xid(), message.tags()) : message.tags();
            if (!fresh.isEmpty()) {
                receiver.invalidated(fresh);
                applied.addAndGet(fresh.size());
            }
        }
        delays.record(System.currentTimeMillis() - message.sentAt());
    }

    // ---- the rest ----------------------------------------------------------------------------------

    @Override
    public boolean trusted() {
        return trusted;
    }

    @Override
    public InvalidationStats stats() {
        return new InvalidationStats(sent.get(), sentInTransaction.get(), received.get(), applied.get(),
                invalidateAlls.get(), reconnects.get(), publishFailures.get(), trusted, delays.percentile(0.5),
                delays.percentile(0.99), delays.max(), 0, 0, 0, 0, 0, 0, false);
    }

    @Override
    public String describe() {
        return (publishes ? "notify" : "triggers") + " on channel " + channel + " (" + database + ")";
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        synchronized (listenerPause) {
            listenerPause.notifyAll();
        }
        trusted = false;
        publisher.close(5_000);
        Connection c = listening;
        Quietly.close(c); // wakes the listener out of its wait
        try {
            listener.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
