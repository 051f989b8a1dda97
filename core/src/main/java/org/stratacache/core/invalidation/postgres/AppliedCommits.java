package org.stratacache.core.invalidation.postgres;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transactions whose invalidations this instance applied lately, by transaction id, so that a commit that
 * reaches it by two routes is applied once: in mode {@code logical} a write made through Strata inside a
 * transaction arrives as a notification (which names the transaction) and again from the replication slot. The
 * first route to arrive applies the commit's tags; the second applies only those the first did not carry (a
 * cascade or a trigger in the database may have changed tables the statement did not name) and, when nothing is
 * left, counts a duplicate instead. The instance's own writes are claimed when they are published, since the
 * writer invalidates them itself.
 *
 * <p>Transaction ids are compared in their 32-bit form (the slot's), and only the newest {@value #CAPACITY} are
 * remembered: a forgotten commit that arrives again is applied again, which costs a cache miss, not correctness.
 * Thread-safe.
 */
final class AppliedCommits {
    static final int CAPACITY = 10_000;
    private static final String EVERYTHING = "*";

    private final Map<Long, Set<String>> applied = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Set<String>> eldest) {
            return size() > CAPACITY;
        }
    };
    private long duplicates;

    /**
     * Records {@code tags} of transaction {@code xid} as applied and returns those that were not yet: what the
     * caller must apply now (empty: all of them were, and a duplicate is counted).
     */
    synchronized Collection<String> claim(long xid, Collection<String> tags) {
        Set<String> done = applied.computeIfAbsent(key(xid), k -> new HashSet<>());
        if (done.contains(EVERYTHING)) {
            duplicates++;
            return List.of();
        }
        List<String> fresh = tags.stream().filter(done::add).toList();
        if (fresh.isEmpty()) {
            duplicates++;
        }
        return fresh;
    }

    /** Records that everything was dropped for {@code xid}; false when that was done already (a duplicate). */
    synchronized boolean claimEverything(long xid) {
        Set<String> done = applied.computeIfAbsent(key(xid), k -> new HashSet<>());
        if (done.contains(EVERYTHING)) {
            duplicates++;
            return false;
        }
        done.add(EVERYTHING);
        return true;
    }

    /** Deliveries that found their commit applied already. */
    synchronized long duplicates() {
        return duplicates;
    }

    private static long key(long xid) {
        return xid & 0xffff_ffffL;
    }
}
