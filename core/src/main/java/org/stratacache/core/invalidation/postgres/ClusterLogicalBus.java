package org.stratacache.core.invalidation.postgres;

import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.internal.Quietly;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.tier.ClusterLease;

/**
 * Mode {@code logical} on the distributed tier: one {@link SlotReader} per cluster, not one per member.
 *
 * <p><b>Why one is enough.</b> The reader applies a commit by bumping table tags in the store, and on the
 * distributed tier those tags are the cluster's: every member sees the bump. A reader per member would decode
 * every commit N times and hold N slots (N WAL senders). Strata's own writes need no bus either: they bump the
 * cluster's tags as they commit. So this bus publishes nothing; it only reads, on one member.
 *
 * <p><b>How the reader is chosen.</b> The members compete for a {@link ClusterLease} (on Hazelcast: a map entry
 * lock with a lease, renewed by the holder; see the distributed tier's {@code MapLease} for why not a
 * {@code FencedLock} or a PostgreSQL advisory lock). Every {@code retry} an election thread per member tries to
 * take it; the holder renews it every {@code min(retry, lease / 3)}. The holder starts a reader on a new
 * temporary slot, which (as on the local tier) drops everything the store holds once the slot exists, then
 * trusts: on this tier that drop is cluster-wide. Only then does the holder show the note "a reader is up" on the
 * lease; it withdraws the note as soon as its reader loses the slot, and shows it again when the reader (after
 * dropping everything once more) reads again.
 *
 * <p><b>Doubt means stale.</b> A member that holds the lease trusts the bus while its reader does and its last
 * renewal is less than a lease old. A member standing by re-reads the holder's note every {@code retry} (a local
 * flag and a timestamp, so that {@link #trusted()}, called per read, costs two volatile reads and a clock read);
 * it trusts while the last read, less than a lease old, found a note. Without one (start-up, no holder, a holder
 * whose reader is not reading, a holder that left the cluster, a note older than its lease) reads pass through.
 *
 * <p><b>When the holder dies.</b> Closed: it withdraws the note, ends its reader and releases the lease; a
 * member standing by takes over within {@code retry}. Killed or cut off: Hazelcast releases the lock of a member
 * that left the cluster as soon as it notices, and the lock of one that stopped renewing when its lease runs out;
 * another member takes over within that plus {@code retry}. Its new slot has not seen what was written between the
 * old reader's last read and the new slot's creation, and its drop of everything covers exactly that; the others
 * do not trust before the note says that drop happened. Until the loss is noticed (the note still stands, at most
 * a lease after the holder's last renewal, or {@code retry} after a withdrawal) a member may serve an entry that a
 * write made meanwhile made stale: that is the window.
 *
 * <p>Two readers at a time (a split cluster, a renewal later than its lease) only cost double work: each bumps
 * the same tags, and each dropped everything when it started.
 */
public final class ClusterLogicalBus implements InvalidationBus {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLogicalBus.class);

    private final ClusterLease lease;
    private final long leaseNanos;
    private final long retryMillis;
    private final long renewMillis;
    /** A new reader for each term, given the callback for its trust changes. */
    private final Function<Runnable, SlotReader> readers;
    private final String description;
    private final Thread election;
    private final Object lock = new Object();
    private volatile boolean closed;
    /** This member's reader while it holds the lease; null while it stands by. */
    private volatile SlotReader reader;
    /** The last reader, for its counters while standing by. */
    private volatile SlotReader lastReader;
    /** Holder: the lease was renewed at {@link #vouchedAt}; standing by: a holder's note was read then. */
    private volatile boolean vouched;
    private volatile long vouchedAt;
    /** Guarded by {@link #lock}: something changed that the election thread should act on now. */
    private boolean wake;
    /** Election thread only: the note shown on the lease now, and whether the last stand-by read found one. */
    private String announced;
    private boolean sawReader = true;
    private boolean readFailing;
    private final AtomicLong terms = new AtomicLong();
    /** Counters of the readers of ended terms. */
    private final AtomicLong pastDecoded = new AtomicLong();
    private final AtomicLong pastApplied = new AtomicLong();
    private final AtomicLong pastAlls = new AtomicLong();
    private final AtomicLong pastReconnects = new AtomicLong();

    /**
     * @param lease       the cluster's lease for this store, layer and database
     * @param leaseTime   how long the lease lasts without renewal
     * @param retry       how often members standing by try to take it and re-read the note
     * @param readers     a new reader (a slot of its own) for each term, told to call back when its trust changes
     * @param description for logs: the slot, publication and database
     */
    ClusterLogicalBus(ClusterLease lease, Duration leaseTime, Duration retry,
                      Function<Runnable, SlotReader> readers, String description) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.leaseNanos = leaseTime.toNanos();
        this.retryMillis = Math.max(1, retry.toMillis());
        this.renewMillis = Math.max(1, Math.min(retry.toMillis(), leaseTime.toMillis() / 3));
        this.readers = readers;
        this.description = description;
        this.election = new Thread(this::elect, "strata-invalidation-election");
        election.setDaemon(true);
    }

    /** Mode logical on a distributed tier: the cluster elects one reader of a temporary (or the named) slot. */
    public static ClusterLogicalBus create(ClusterLease lease, Duration leaseTime, Duration retry, String slotName,
                                           String publication, String storeName, String database,
                                           BusRegistry.DedicatedConnections connections, Receiver receiver,
                                           Duration maxBackoff, Duration healthCheck) {
        boolean temporary = slotName.isEmpty();
        return new ClusterLogicalBus(lease, leaseTime, retry, trustChanged -> new SlotReader(
                temporary ? PgLogicalBus.temporarySlotName(storeName) : slotName, temporary, publication, database,
                connections, receiver, new AppliedCommits(), maxBackoff, healthCheck, trustChanged),
                (temporary ? "a temporary slot" : "slot " + slotName) + " on publication " + publication + " ("
                        + database + "), read by one member of the cluster (" + lease + ")");
    }

    /** Starts competing for the lease; waits up to {@code firstTrust} for a reader to be up (this one or another). */
    public ClusterLogicalBus start(Duration firstTrust) {
        election.start();
        long deadline = System.nanoTime() + firstTrust.toNanos();
        synchronized (lock) {
            while (!trusted() && !closed && deadline - System.nanoTime() > 0) {
                Quietly.waitOn(lock, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        if (!trusted()) {
            LOG.warn("Strata invalidation: no member of the cluster reads the replication slot yet; reads pass the "
                    + "cache by until one does");
        }
        return this;
    }

    // ---- the election --------------------------------------------------------------------------------

    private void elect() {
        while (!closed) {
            long start = System.nanoTime();
            if (lease.tryHold()) {
                lead(start);
            } else {
                standBy(start);
            }
            pause(reader != null ? renewMillis : retryMillis);
        }
        stepDown("the bus closes");
    }

    /** Holding the lease: start a reader if this is a new term, and show whether it reads. */
    private void lead(long renewedAt) {
        if (reader == null) {
            terms.incrementAndGet();
            SlotReader r = readers.apply(this::wake);
            reader = r;
            announced = null;
            r.start();
            LOG.info("Strata invalidation: this member reads slot {} for the cluster; the others stand by",
                    r.slotName());
        }
        vouchedAt = renewedAt;
        vouched = true;
        String wanted = reader.trusted() ? "reading " + reader.slotName() : null;
        if (!Objects.equals(wanted, announced)) {
            // on failure the note is unknown: written again at the next renewal, or the term ends with it
            announced = lease.note(wanted) ? wanted : "?";
        }
        signal();
    }

    /** Not holding it: end this member's reader if it had one, and read whether another member reads. */
    private void standBy(long readAt) {
        if (reader != null) {
            stepDown("it lost the lease");
        }
        try {
            boolean up = lease.holderNote() != null;
            vouchedAt = readAt;
            vouched = up;
            if (up != sawReader) {
                LOG.info(up ? "Strata invalidation: another member reads the replication slot; trusting the cache"
                        : "Strata invalidation: no member reads the replication slot now; reads pass the cache by "
                        + "until one does");
                sawReader = up;
            }
            readFailing = false;
        } catch (RuntimeException e) {
            vouched = false;
            if (!readFailing) {
                LOG.warn("Strata invalidation: cannot learn whether a member reads the replication slot ({}); "
                        + "reads pass the cache by until it can", e.toString());
                readFailing = true;
            }
        }
        signal();
    }

    /** Withdraws the note, ends the reader and gives the lease up (the note goes first: the others distrust). */
    private void stepDown(String why) {
        vouched = false;
        SlotReader r = reader;
        if (r != null) {
            lease.note(null);
            r.close();
            lastReader = r;
            reader = null; // before its counters join the past ones: stats() may undercount for a moment, never twice
            pastDecoded.addAndGet(r.decoded());
            pastApplied.addAndGet(r.applied());
            pastAlls.addAndGet(r.invalidateAlls());
            pastReconnects.addAndGet(r.reconnects());
            LOG.info("Strata invalidation: this member stopped reading slot {} ({})", r.slotName(), why);
        }
        announced = null;
        lease.release();
        signal();
    }

    /** The reader's trust changed: announce it now rather than at the next renewal. */
    private void wake() {
        synchronized (lock) {
            wake = true;
            lock.notifyAll();
        }
    }

    private void signal() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (!wake && !closed) {
                Quietly.waitOn(lock, millis);
            }
            wake = false;
        }
    }

    // ---- InvalidationBus -----------------------------------------------------------------------------

    /** Nothing to send: on the distributed tier a write through Strata bumps the cluster's tags itself. */
    @Override
    public void publish(Collection<String> tags) {
    }

    /** Nothing to send (see {@link #publish}); true, so that the caller does not publish after the commit either. */
    @Override
    public boolean publishInTransaction(Connection connection, Collection<String> tags) {
        return true;
    }

    @Override
    public boolean trusted() {
        if (!vouched || System.nanoTime() - vouchedAt > leaseNanos) {
            return false;
        }
        SlotReader r = reader;
        return r == null || r.trusted();
    }

    @Override
    public InvalidationStats stats() {
        SlotReader r = reader;
        SlotReader last = r != null ? r : lastReader;
        long decoded = pastDecoded.get() + (r == null ? 0 : r.decoded());
        long applied = pastApplied.get() + (r == null ? 0 : r.applied());
        long alls = pastAlls.get() + (r == null ? 0 : r.invalidateAlls());
        long reconnects = pastReconnects.get() + (r == null ? 0 : r.reconnects());
        return new InvalidationStats(0, 0, 0, applied, alls, reconnects, 0, trusted(), 0, 0, 0, decoded, 0,
                last == null ? 0 : last.delays().percentile(0.5), last == null ? 0 : last.delays().percentile(0.99),
                last == null ? 0 : last.delays().max(), terms.get(), r != null);
    }

    @Override
    public String describe() {
        return "logical: " + description;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            election.join(30_000); // the reader's close waits for its thread (10 s at most)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
