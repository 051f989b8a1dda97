package org.stratacache.core.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot is stale exactly when one of its tags was invalidated after it was taken, whichever position the tag
 * has (the first two are held apart from the rest), whether it is checked against the versions it was taken from
 * (live counters), other versions or versions without counters (lookups), or as a serialized copy.
 */
class TagSnapshotTest {

    /** Tag versions that keep no live counters, as the distributed tier's do: every check looks the tag up. */
    private static final class LookupOnly implements TagVersions {
        private final Map<String, Long> versions = new ConcurrentHashMap<>();

        @Override
        public long current(String tag) {
            return versions.getOrDefault(tag, 0L);
        }

        @Override
        public void invalidate(String tag) {
            versions.merge(tag, 1L, Long::sum);
        }
    }

    private static List<String> tags(int n) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add("t" + i);
        }
        return tags;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void invalidatingAnyOneTag_makesTheSnapshotStale_onEveryPath(int n) throws Exception {
        for (int stale = 0; stale < n; stale++) {
            LocalTagVersions local = new LocalTagVersions();
            LookupOnly lookups = new LookupOnly();
            for (String t : tags(n)) { // versions other than 0, different per tag
                for (int k = 0; k <= t.hashCode() % 3; k++) {
                    local.invalidate(t);
                    lookups.invalidate(t);
                }
            }
            TagSnapshot viaCounters = TagSnapshot.take(local, new LinkedHashSet<>(tags(n)));
            TagSnapshot viaLookups = TagSnapshot.take(lookups, tags(n));
            TagSnapshot copy = roundTrip(viaCounters);
            assertThat(viaCounters.isCurrent(local)).isTrue();
            assertThat(copy.isCurrent(local)).isTrue();
            assertThat(viaLookups.isCurrent(lookups)).isTrue();
            assertThat(copy).isEqualTo(viaCounters).hasSameHashCodeAs(viaCounters);

            local.invalidate("unrelated");
            lookups.invalidate("unrelated");
            assertThat(viaCounters.isCurrent(local)).isTrue();
            assertThat(viaLookups.isCurrent(lookups)).isTrue();

            local.invalidate("t" + stale);
            lookups.invalidate("t" + stale);
            assertThat(viaCounters.isCurrent(local)).as("tag %d of %d, live counters", stale, n).isFalse();
            assertThat(copy.isCurrent(local)).as("tag %d of %d, serialized copy", stale, n).isFalse();
            assertThat(viaLookups.isCurrent(lookups)).as("tag %d of %d, lookups", stale, n).isFalse();
        }
    }

    @Test
    void checkedAgainstOtherVersions_comparesTheirs() {
        LocalTagVersions mine = new LocalTagVersions();
        LocalTagVersions other = new LocalTagVersions();
        mine.invalidate("a");
        TagSnapshot s = TagSnapshot.take(mine, List.of("a", "b", "c"));
        assertThat(s.isCurrent(other)).as("a is at 0 there, the snapshot holds 1").isFalse();
        other.invalidate("a");
        assertThat(s.isCurrent(other)).isTrue();
    }

    @Test
    void repeatedTags_areKeptOnce_andEmptyIsAlwaysCurrent() {
        LocalTagVersions v = new LocalTagVersions();
        TagSnapshot s = TagSnapshot.take(v, List.of("a", "b", "a"));
        assertThat(s.tags()).containsExactly("a", "b");
        assertThat(TagSnapshot.take(v, List.of())).isSameAs(TagSnapshot.EMPTY);
        assertThat(TagSnapshot.EMPTY.isCurrent(v)).isTrue();
    }

    @Test
    void snapshotsOfDifferentVersions_differ() {
        LocalTagVersions v = new LocalTagVersions();
        TagSnapshot before = TagSnapshot.take(v, List.of("a", "b", "c"));
        v.invalidate("c");
        TagSnapshot after = TagSnapshot.take(v, List.of("a", "b", "c"));
        assertThat(after).isNotEqualTo(before);
        assertThat(after.toString()).isEqualTo("TagSnapshot{a@0, b@0, c@1}");
    }

    private static TagSnapshot roundTrip(TagSnapshot s) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TagSnapshot) in.readObject();
        }
    }
}
