package org.stratacache.core.tag;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The versions of a set of tags at one instant. Take it <em>before</em> loading a value and store the value
 * against it: if any of the tags is invalidated after the snapshot (while the load runs, or later), the
 * stored value is stale from that moment and is never served. That closes the store-after-invalidate race
 * without locks: invalidation only bumps counters, and every read compares.
 *
 * <p>Immutable and serializable, so it can travel with an entry to the distributed tier.
 *
 * <p><b>Layout, for the hit path.</b> Every hit checks its entry's snapshot, and most entries carry one to three
 * tags (a JDBC read: its table and the all-tables tag). The first two versions, and the live counters they are
 * compared with, sit in the snapshot's own fields, so that check reads one object of the entry's instead of a
 * chain of them (snapshot, versions array, resolved counters, counters array): on a cache larger than the
 * processor's, each object of an entry is a memory access of its own.
 */
public final class TagSnapshot implements Serializable {
    @Serial
    private static final long serialVersionUID = 2L;

    /** A snapshot of no tags: always current. */
    public static final TagSnapshot EMPTY = new TagSnapshot(new String[0], new long[0], null, null);

    private final String[] tags;
    private final long version0;
    private final long version1;
    /** The versions of {@code tags[2..]}; null when there are at most two tags. */
    private final long[] moreVersions;
    /**
     * The tag versions this snapshot was taken from, when they keep live counters ({@link TagVersions#counter}):
     * checked against that source, a hit reads the counters below instead of looking each tag up. Not part of the
     * snapshot's value: not serialized (a copy compares by lookup), not compared.
     */
    private final transient TagVersions source;
    private final transient AtomicLong counter0;
    private final transient AtomicLong counter1;
    /** The counters of {@code tags[2..]}; null when there are at most two tags or no {@link #source}. */
    private final transient AtomicLong[] moreCounters;

    /**
     * @param counters the live counters of {@code tags}, one each, from {@code source}; null for none (then
     *                 {@code source} is null too)
     */
    private TagSnapshot(String[] tags, long[] versions, TagVersions source, AtomicLong[] counters) {
        this.tags = tags;
        int n = tags.length;
        this.version0 = n > 0 ? versions[0] : 0;
        this.version1 = n > 1 ? versions[1] : 0;
        this.moreVersions = n > 2 ? Arrays.copyOfRange(versions, 2, n) : null;
        this.source = source;
        this.counter0 = counters != null && n > 0 ? counters[0] : null;
        this.counter1 = counters != null && n > 1 ? counters[1] : null;
        this.moreCounters = counters != null && n > 2 ? Arrays.copyOfRange(counters, 2, n) : null;
    }

    /** Reads the current version of each tag. Duplicates are kept once. */
    public static TagSnapshot take(TagVersions tagVersions, Collection<String> tags) {
        if (tags.isEmpty()) {
            return EMPTY;
        }
        // A set is distinct already (the common case: callers keep their tags in one); a list may repeat.
        Collection<String> distinct = tags instanceof Set<String> ? tags : new LinkedHashSet<>(tags);
        String[] names = distinct.toArray(new String[0]);
        long[] versions = new long[names.length];
        AtomicLong[] counters = new AtomicLong[names.length];
        for (int i = 0; i < names.length; i++) {
            AtomicLong counter = counters == null ? null : tagVersions.counter(names[i]);
            if (counter == null) {
                counters = null; // versions that keep no counters: a check looks every tag up
                versions[i] = tagVersions.current(names[i]);
            } else {
                counters[i] = counter;
                versions[i] = counter.get();
            }
        }
        return new TagSnapshot(names, versions, counters == null ? null : tagVersions, counters);
    }

    /** True when no tag of this snapshot has been invalidated since it was taken. */
    public boolean isCurrent(TagVersions tagVersions) {
        int n = tags.length;
        if (n == 0) {
            return true;
        }
        if (tagVersions == source) {
            if (counter0.get() != version0 || n > 1 && counter1.get() != version1) {
                return false;
            }
            for (int i = 2; i < n; i++) {
                if (moreCounters[i - 2].get() != moreVersions[i - 2]) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (tagVersions.current(tags[i]) != version(i)) {
                return false;
            }
        }
        return true;
    }

    private long version(int i) {
        return i == 0 ? version0 : i == 1 ? version1 : moreVersions[i - 2];
    }

    private long[] versions() {
        long[] all = new long[tags.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = version(i);
        }
        return all;
    }

    /** The tags this snapshot covers. */
    public List<String> tags() {
        return List.of(tags);
    }

    public boolean isEmpty() {
        return tags.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagSnapshot other && version0 == other.version0 && version1 == other.version1
                && Arrays.equals(tags, other.tags) && Arrays.equals(moreVersions, other.moreVersions);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tags) + Arrays.hashCode(versions());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TagSnapshot{");
        for (int i = 0; i < tags.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(tags[i]).append('@').append(version(i));
        }
        return sb.append('}').toString();
    }

    // ---- serialization: the tags and their versions, nothing of this JVM's counters

    @Serial
    private Object writeReplace() {
        return new Form(tags, versions());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a TagSnapshot is read through its serial form");
    }

    /** What travels: tag names and versions; read back as a snapshot that checks by lookup. */
    private record Form(String[] tags, long[] versions) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            if (tags == null || versions == null || tags.length != versions.length) {
                throw new InvalidObjectException("a TagSnapshot's tags and versions do not pair up");
            }
            return tags.length == 0 ? EMPTY : new TagSnapshot(tags.clone(), versions, null, null);
        }
    }
}
