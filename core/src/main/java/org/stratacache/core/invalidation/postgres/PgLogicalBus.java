package org.stratacache.core.invalidation.postgres;

import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;

/**
 * Mode {@code logical}: the LISTEN/NOTIFY bus of mode {@code notify} (Strata's own writes, published inside the
 * writing transaction, reach the other instances as they commit), plus a {@link SlotReader} on a logical
 * replication slot that sees every committed write in the database, whoever made it, without triggers.
 *
 * <p>A write through Strata inside a transaction reaches another instance twice: as a notification that names
 * the transaction, and from the slot. {@link AppliedCommits} lets the first apply it and counts the second as a
 * duplicate ({@link InvalidationStats#alreadyApplied()}); a write of this instance's own is skipped at the slot
 * the same way. An auto-commit write through Strata is published after its commit, without the transaction's
 * id, and is applied by both routes: a second tag bump a few milliseconds later, harmless.
 *
 * <p>Trusted only while both the listener and the slot reader are: doubt means stale.
 */
public final class PgLogicalBus implements InvalidationBus {
    private static final Logger LOG = LoggerFactory.getLogger(PgLogicalBus.class);

    private final PgNotifyBus notify;
    private final SlotReader slot;
    private final AppliedCommits commits;
    private final String publication;
    private final boolean temporary;

    /**
     * @param channel     the notification channel
     * @param slotName    a permanent slot's name; empty for a temporary slot named from the store
     * @param publication the publication the slot reads
     * @param storeName   the store, for the temporary slot's name
     * @param database    the database, for logs (no password)
     */
    public PgLogicalBus(String channel, String slotName, String publication, String storeName, String database,
                        BusRegistry.DedicatedConnections connections, Receiver receiver, Duration maxBackoff,
                        Duration healthCheck, Duration publishDelay) {
        this.commits = new AppliedCommits();
        this.publication = publication;
        this.notify = new PgNotifyBus(channel, database, connections::open, receiver, true, maxBackoff, healthCheck,
                publishDelay, commits);
        this.temporary = slotName.isEmpty();
        this.slot = new SlotReader(temporary ? temporarySlotName(storeName) : slotName, temporary, publication,
                database, connections, receiver, commits, maxBackoff, healthCheck);
    }

    /** {@code strata_<store name>_} and eight random hex digits: unique per instance, 63 characters at most. */
    static String temporarySlotName(String storeName) {
        String base = PgNotifyBus.channelFor(storeName);
        String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return (base.length() > 63 - suffix.length() ? base.substring(0, 63 - suffix.length()) : base)
                + suffix.toLowerCase(Locale.ROOT);
    }

    /** Starts listening and reading; waits up to {@code firstConnect} for both (the bus is trusted then). */
    public PgLogicalBus start(Duration firstConnect) {
        long deadline = System.nanoTime() + firstConnect.toNanos();
        slot.start();
        notify.start(firstConnect);
        slot.awaitTrusted(deadline);
        if (!slot.trusted()) {
            LOG.warn("Strata invalidation: not yet reading replication slot {}; reads pass the cache by until it is",
                    slot.slotName());
        }
        return this;
    }

    /** The slot this bus reads. */
    public String slotName() {
        return slot.slotName();
    }

    @Override
    public void publish(Collection<String> tags) {
        notify.publish(tags);
    }

    @Override
    public boolean publishInTransaction(Connection connection, Collection<String> tags) {
        return notify.publishInTransaction(connection, tags);
    }

    @Override
    public boolean trusted() {
        return notify.trusted() && slot.trusted();
    }

    @Override
    public InvalidationStats stats() {
        InvalidationStats n = notify.stats();
        return new InvalidationStats(n.sent(), n.sentInTransaction(), n.received(), n.applied() + slot.applied(),
                n.invalidateAlls() + slot.invalidateAlls(), n.reconnects() + slot.reconnects(), n.publishFailures(),
                trusted(), n.delayP50Millis(), n.delayP99Millis(), n.delayMaxMillis(), slot.decoded(),
                commits.duplicates(), slot.delays().percentile(0.5), slot.delays().percentile(0.99),
                slot.delays().max(), 0, false);
    }

    @Override
    public String describe() {
        return "logical: " + (temporary ? "temporary " : "") + "slot " + slot.slotName() + " on publication "
                + publication + ", and " + notify.describe();
    }

    @Override
    public void close() {
        notify.close();
        slot.close();
    }
}
