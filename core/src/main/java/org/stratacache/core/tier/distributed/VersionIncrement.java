package org.stratacache.core.tier.distributed;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Raises one tag version atomically on the member that owns it (and on its backups): to
 * {@code max(current + 1, atLeast)}. One round trip, no lock; the CP subsystem's atomic longs are not
 * available in Hazelcast's Community Edition, an entry processor is.
 */
final class VersionIncrement implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;

    private final long atLeast;

    VersionIncrement(long atLeast) {
        this.atLeast = atLeast;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        Long current = entry.getValue();
        long next = Math.max(current == null ? 1L : current + 1L, atLeast);
        entry.setValue(next);
        return next;
    }
}
