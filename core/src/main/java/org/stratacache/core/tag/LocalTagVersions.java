package org.stratacache.core.tag;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tag versions for one JVM: a concurrent map of atomic counters. A read is one map lookup, or none through a
 * {@link #counter} handle (which creates the tag's counter at 0); tags never invalidated nor read by handle
 * cost no memory. Counters are never removed, so a handle stays the tag's counter.
 */
public final class LocalTagVersions implements TagVersions {
    private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

    @Override
    public long current(String tag) {
        AtomicLong v = versions.get(tag);
        return v == null ? 0L : v.get();
    }

    @Override
    public AtomicLong counter(String tag) {
        return versions.computeIfAbsent(tag, t -> new AtomicLong());
    }

    @Override
    public void invalidate(String tag) {
        versions.computeIfAbsent(tag, t -> new AtomicLong()).incrementAndGet();
    }
}
