package org.stratacache.core.tag;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Version counters for tags: the invalidation core.
 *
 * <p>Invalidating a tag increments its counter, O(1) whatever the number of entries that carry it. An
 * entry stores the versions of its tags as they were before its value was loaded
 * ({@link org.stratacache.core.tag.TagSnapshot}); a read compares them with the current ones, and a mismatch
 * makes the entry a miss. Counters only ever grow, so a snapshot that was stale never becomes current
 * again.
 *
 * <p>Contract for implementations: {@link #invalidate(String)} must be visible to every later
 * {@link #current(String)} of any thread (and, for a distributed tier, of any member once the call
 * returns or within the documented window); an unknown tag has version 0.
 */
public interface TagVersions {

    /** The current version of {@code tag}; 0 for a tag never invalidated. */
    long current(String tag);

    /**
     * The live counter of {@code tag}, for callers that read one tag's version on every hit and would rather
     * not look the tag up each time; null when the implementation keeps no such counter (then use
     * {@link #current}). Its value always equals {@link #current(String) current(tag)}; callers only read it.
     */
    default AtomicLong counter(String tag) {
        return null;
    }

    /** Makes every entry stored against an earlier version of {@code tag} stale. */
    void invalidate(String tag);
}
