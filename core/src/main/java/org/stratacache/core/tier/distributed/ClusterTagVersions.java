package org.stratacache.core.tier.distributed;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.tag.TagVersions;

/**
 * Tag versions shared by the whole cluster, cheap to read.
 *
 * <h2>Design</h2>
 * The authoritative counters live in one Hazelcast map (tag → version, with backups, never evicted).
 * {@link #invalidate} raises a counter on its owner with an entry processor (client mode: a
 * compare-and-set loop, since the servers need not have Strata's classes). Every JVM keeps a
 * <em>mirror</em> of the map, fed by entry events (new value included) and by a full reload at start and
 * after any doubt; {@link #current} reads only the mirror — one local map lookup, no network hop.
 *
 * <h2>A doubt is stale, never fresh</h2>
 * Versions are compared for equality, so the mirror must never lag silently. Whenever events may have been
 * lost (a member left, the client disconnected, an invalidation could not reach the cluster) the mirror is
 * <em>in doubt</em> until a reload succeeds: meanwhile {@link #current} returns a new negative number on
 * each call, which matches no stored snapshot, so every tagged read misses and nothing is stored — reads
 * go to the database. Invalidations that failed are kept and replayed before the doubt is lifted.
 * Counters only grow; if a reload finds the cluster's counter below the mirror's (the cluster lost the
 * map), the cluster is raised above it, so an old snapshot can never become current again.
 *
 * <p>The window in which another member's invalidation is not yet visible here is the event delivery
 * time (milliseconds on a LAN); an invalidation made on this JVM is visible here as soon as it returns.
 */
final class ClusterTagVersions implements TagVersions {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTagVersions.class);

    private final DistributedTier tier;
    private final String mapName;
    private final ConcurrentHashMap<String, Long> mirror = new ConcurrentHashMap<>();
    private final Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();
    private final AtomicLong doubtVersions = new AtomicLong();
    private volatile boolean inDoubt = true;
    private volatile IMap<String, Long> map;
    private UUID listenerId;

    ClusterTagVersions(DistributedTier tier, String mapName) {
        this.tier = tier;
        this.mapName = mapName;
    }

    @Override
    public long current(String tag) {
        if (inDoubt) {
            return doubtVersions.decrementAndGet();
        }
        Long version = mirror.get(tag);
        return version == null ? 0L : version;
    }

    @Override
    public void invalidate(String tag) {
        try {
            long version = tier.call("tag invalidation", () -> raiseAsync(tag, 0L));
            mirror.merge(tag, version, Math::max);
            tier.counters().invalidationsSent.increment();
        } catch (RuntimeException e) {
            // Not reached the cluster: replay later, and until then trust no version here.
            pendingInvalidations.add(tag);
            tier.suspect("tag invalidation of '" + tag + "' failed");
        }
    }

    /** Marks the mirror as possibly behind: every tagged entry reads as stale until {@link #resync}. */
    void doubt() {
        inDoubt = true;
    }

    boolean inDoubt() {
        return inDoubt;
    }

    /** Replays failed invalidations, reloads the mirror and lifts the doubt; throws when the cluster fails. */
    void resync() {
        IMap<String, Long> m = attach();
        for (String tag : Set.copyOf(pendingInvalidations)) {
            long version = tier.await(raiseAsync(tag, 0L));
            mirror.merge(tag, version, Math::max);
            pendingInvalidations.remove(tag);
            tier.counters().invalidationsSent.increment();
        }
        Map<String, Long> cluster = new HashMap<>(m);
        for (Map.Entry<String, Long> mine : mirror.entrySet()) {
            Long theirs = cluster.get(mine.getKey());
            if (theirs == null || theirs < mine.getValue()) {
                // The cluster lost this counter: raise it past anything this JVM ever saw.
                LOG.warn("tag '{}' is at version {} in the cluster but was {} here; raising it", mine.getKey(),
                        theirs, mine.getValue());
                cluster.put(mine.getKey(), tier.await(raiseAsync(mine.getKey(), mine.getValue() + 1)));
            }
        }
        cluster.forEach((tag, version) -> mirror.merge(tag, version, Math::max));
        inDoubt = false;
    }

    private java.util.concurrent.CompletionStage<Long> raiseAsync(String tag, long atLeast) {
        IMap<String, Long> m = attach();
        if (!tier.isClient()) {
            return m.submitToKey(tag, new VersionIncrement(atLeast));
        }
        // Client: servers may lack Strata's classes, so no entry processor; compare-and-set instead.
        return java.util.concurrent.CompletableFuture.completedFuture(casRaise(m, tag, atLeast));
    }

    private static long casRaise(IMap<String, Long> m, String tag, long atLeast) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            Long current = m.get(tag);
            long next = Math.max(current == null ? 1L : current + 1L, atLeast);
            if (current == null ? m.putIfAbsent(tag, next) == null : m.replace(tag, current, next)) {
                return next;
            }
        }
        throw new IllegalStateException("tag '" + tag + "': too much contention to raise its version");
    }

    private synchronized IMap<String, Long> attach() {
        if (map != null) {
            return map;
        }
        HazelcastInstance hz = tier.hazelcast();
        tier.addMapConfig(new MapConfig(mapName).setBackupCount(tier.settings().backupCount()));
        IMap<String, Long> m = hz.getMap(mapName);
        listenerId = m.addEntryListener(new MirrorListener(), true);
        map = m;
        return m;
    }

    synchronized void close() {
        if (map != null && listenerId != null) {
            try {
                map.removeEntryListener(listenerId);
            } catch (RuntimeException e) {
                LOG.debug("could not remove the tag-version listener", e);
            }
        }
    }

    /** Feeds the mirror with the cluster's new versions. */
    private final class MirrorListener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            apply(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            apply(event);
        }

        private void apply(EntryEvent<String, Long> event) {
            Long version = event.getValue();
            if (version != null) {
                mirror.merge(event.getKey(), version, Math::max);
                tier.counters().invalidationsReceived.increment();
            }
        }
    }
}
