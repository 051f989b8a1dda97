package org.stratacache.core.tag;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;


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
        for (int i = 0; i < tags.length; i++) {
            if (tagVersions.current(tags[i]) != versions[i]) {
                return false;
            }
        }
        return true;
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
