package org.stratacache.core.tag;

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
 */
public final class TagSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A snapshot of no tags: always current. */
    public static final TagSnapshot EMPTY = new TagSnapshot(new String[0], new long[0]);

    private final String[] tags;
    private final long[] versions;
    /**
     * This snapshot's tags resolved to counters of the last {@link TagVersions} it was checked against, so that
     * a hit reads the counters instead of looking each tag up (a JDBC hit checks two or three tags). Not part of
     * the snapshot's value: not serialized, not compared.
     */
    private transient volatile Resolved resolved;

    /** Counters of {@code source}, one per tag; null when {@code source} keeps none. */
    private record Resolved(TagVersions source, AtomicLong[] counters) {
    }

    private TagSnapshot(String[] tags, long[] versions) {
        this.tags = tags;
        this.versions = versions;
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
        for (int i = 0; i < names.length; i++) {
            versions[i] = tagVersions.current(names[i]);
        }
        return new TagSnapshot(names, versions);
    }

    /** True when no tag of this snapshot has been invalidated since it was taken. */
    public boolean isCurrent(TagVersions tagVersions) {
        if (tags.length == 0) {
            return true;
        }
        Resolved r = resolved;
        if (r == null || r.source() != tagVersions) {
            r = resolve(tagVersions);
            resolved = r;
        }
        AtomicLong[] counters = r.counters();
        if (counters != null) {
            for (int i = 0; i < counters.length; i++) {
                if (counters[i].get() != versions[i]) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < tags.length; i++) {
            if (tagVersions.current(tags[i]) != versions[i]) {
                return false;
            }
        }
        return true;
    }

    private Resolved resolve(TagVersions tagVersions) {
        AtomicLong[] counters = new AtomicLong[tags.length];
        for (int i = 0; i < tags.length; i++) {
            counters[i] = tagVersions.counter(tags[i]);
            if (counters[i] == null) {
                return new Resolved(tagVersions, null);
            }
        }
        return new Resolved(tagVersions, counters);
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
        return o instanceof TagSnapshot other && Arrays.equals(tags, other.tags)
                && Arrays.equals(versions, other.versions);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tags) + Arrays.hashCode(versions);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TagSnapshot{");
        for (int i = 0; i < tags.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(tags[i]).append('@').append(versions[i]);
        }
        return sb.append('}').toString();
    }
}
