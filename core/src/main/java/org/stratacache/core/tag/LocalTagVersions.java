package org.stratacache.core.tag;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tag versions for one JVM: a concurrent map of atomic counters. A read is one map lookup; tags that were
 * never invalidated cost no memory.
 */
public final class LocalTagVersions implements TagVersions {
    private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

    @Override
    public long current(String tag) {
        AtomicLong v = versions.get(tag);
        return v == null ? 0L : v.get();
    }

    @Override
    public void invalidate(String tag) {
        versions.computeIfAbsent(tag, t -> new AtomicLong()).incrementAndGet();
    }
}
