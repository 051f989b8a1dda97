package org.stratacache.core.tier.distributed;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.tier.ClusterLease;

/**
 * A {@link ClusterLease} as a Hazelcast map entry lock with a lease ({@code IMap.tryLock(key, 0, …, lease, …)}),
 * and the holder's note as the value of the same key, written by the holder with a time-to-live of one lease.
 *
 * <p><b>Why a map lock.</b> Hazelcast's {@code FencedLock} lives in the CP subsystem, which throws in the
 * Community Edition (and needs three members); a map lock works on any cluster, from members and clients, is
 * released by Hazelcast when its owner leaves the cluster, and expires by itself when its lease runs out. A
 * PostgreSQL advisory lock would tie the election to one database connection, but a connection that vanishes
 * without a word keeps its lock on the server until TCP gives up (hours by default), while the cluster notices a
 * member gone within its heartbeat.
 *
 * <p><b>Renewing.</b> A map lock belongs to the thread that took it (hence "one thread" in the contract).
 * Taking it again from that thread is a re-entry that also sets a fresh lease; the renewal then unlocks once, back
 * to one hold. Had the lease run out unnoticed, that second take was a fresh lock, the unlock frees it, and
 * {@code isLocked} says so: that call answers false (the term ended; the next one may begin another). Unlocks follow a take
 * that succeeded, never a guess: unlocking a lock another thread owns makes the member log an error. A take whose
 * answer was lost (a failure after the lock was granted) leaves a hold this thread does not know of; no renewal
 * follows it, so its lease runs out, and another process waits that long at most.
 *
 * <p><b>The note</b> is {@code <m|c> <uuid>\n<note>}: who wrote it (a member or a client, and its id) and the
 * text. Its time-to-live, renewed with the lease, makes a holder that stopped renewing show no note after one
 * lease; a member that left the cluster shows none at once ({@link #holderNote()} checks the member list).
 * Every cluster operation goes through the tier's circuit breaker and counts as its fallback when it fails.
 */
final class MapLease implements ClusterLease {
    private static final Logger LOG = LoggerFactory.getLogger(MapLease.class);

    private final DistributedTier tier;
    private final String mapName;
    private final String key;
    private final long leaseMillis;
    private final String self;
    /** The holding thread's view; only that thread reads and writes these. */
    private boolean held;
    private String note;
    private boolean failing;

    MapLease(DistributedTier tier, String mapName, String key, Duration lease) {
        if (lease.toMillis() <= 0) {
            throw new IllegalArgumentException("a lease must last at least 1 ms, not " + lease);
        }
        this.tier = tier;
        this.mapName = mapName;
        this.key = key;
        this.leaseMillis = lease.toMillis();
        this.self = (tier.isClient() ? "c " : "m ") + tier.hazelcast().getLocalEndpoint().getUuid();
    }

    private IMap<String, String> map() {
        return tier.hazelcast().getMap(mapName);
    }

    @Override
    public boolean tryHold() {
        try {
            boolean holds = tier.callSync("lease " + key, this::hold);
            failing = false;
            return holds;
        } catch (RuntimeException e) {
            held = false;
            failed("taking or renewing", e);
            return false;
        }
    }

    private boolean hold() {
        IMap<String, String> map = map();
        if (held) {
            if (!take(map)) {
                held = false; // the lease ran out and another process holds it now
                return false;
            }
            map.set(key, record(), leaseMillis, TimeUnit.MILLISECONDS);
            map.unlock(key);
            if (map.isLocked(key)) {
                return true;
            }
            // The take above was a fresh lock after the lease ran out, and the unlock freed it: this term is
            // over (another process may have held it meanwhile); the next call may begin a new one.
            held = false;
            return false;
        }
        if (!take(map)) {
            return false;
        }
        held = true;
        note = null; // a new term: nothing is ready yet
        map.set(key, record(), leaseMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Takes the lock, or re-enters it, for one lease from now, without waiting for another holder. */
    private boolean take(IMap<String, String> map) {
        try {
            return map.tryLock(key, 0, TimeUnit.MILLISECONDS, leaseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierUnavailableException("interrupted while taking the lease " + key, e);
        }
    }

    @Override
    public boolean note(String text) {
        if (!held) {
            return false;
        }
        note = text;
        return tryHold() && held; // a renewal writes the note
    }

    @Override
    public String holderNote() {
        String record = tier.callSync("lease note " + key, () -> map().get(key));
        if (record == null) {
            return null;
        }
        int newline = record.indexOf('\n');
        if (newline < 0 || newline == record.length() - 1) {
            return null;
        }
        if (record.startsWith("m ") && !isMember(record.substring(2, newline))) {
            return null; // its holder left the cluster; the record outlives it until its time-to-live ends
        }
        return record.substring(newline + 1);
    }

    private boolean isMember(String uuid) {
        for (Member member : tier.hazelcast().getCluster().getMembers()) {
            if (member.getUuid().equals(UUID.fromString(uuid))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void release() {
        try {
            tier.callSync("lease release " + key, () -> {
                IMap<String, String> map = map();
                if (held && take(map)) { // a re-entry, or a fresh take if the lease ran out: ours either way now
                    map.delete(key);
                    map.unlock(key);
                    if (map.isLocked(key)) {
                        map.unlock(key); // the hold the re-entry added to
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            failed("releasing", e); // its lease runs out by itself
        } finally {
            held = false;
            note = null;
        }
    }

    private String record() {
        return self + "\n" + (note == null ? "" : note);
    }

    private void failed(String what, RuntimeException e) {
        if (!failing) {
            LOG.warn("distributed tier: {} the cluster lease '{}' failed ({}); its holder is in doubt until the "
                    + "cluster answers again", what, key, e.toString());
            failing = true;
        } else {
            LOG.debug("distributed tier: {} the cluster lease '{}' failed again", what, key, e);
        }
    }

    @Override
    public String toString() {
        return "lease '" + key + "' in map " + mapName;
    }
}
