package org.stratacache.jdbc.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.jdbc.UncachedReason;

/**
 * Says once, at WARN, when most reads run without the cache: over a window of reads (from one look to the
 * next, a look every {@link #EVERY} uncached reads), more than half of them uncached. The message names the
 * reason that refused most reads in the window and what to change. One warning per context: a setting that
 * defeats the cache is worth one clear line, not a line per minute.
 */
final class UncachedWatch {
    /** A look every this many uncached reads (the hit path never looks). */
    static final long EVERY = 256;
    private static final Logger LOG = LoggerFactory.getLogger(UncachedWatch.class);

    private long cachedAtLastLook;
    private long[] uncachedAtLastLook = new long[UncachedReason.values().length];
    private boolean warned;

    synchronized boolean warned() {
        return warned;
    }

    /** @param cachedReads hits + misses so far; {@code uncached} uncached reads so far, by reason ordinal */
    synchronized void look(long cachedReads, long[] uncached) {
        if (warned) {
            return;
        }
        long uncachedInWindow = 0;
        int top = 0;
        long topCount = -1;
        for (int i = 0; i < uncached.length; i++) {
            long n = uncached[i] - uncachedAtLastLook[i];
            uncachedInWindow += n;
            if (n > topCount) {
                topCount = n;
                top = i;
            }
        }
        long cachedInWindow = cachedReads - cachedAtLastLook;
        cachedAtLastLook = cachedReads;
        uncachedAtLastLook = uncached;
        if (uncachedInWindow > cachedInWindow) {
            warned = true;
            UncachedReason reason = UncachedReason.values()[top];
            LOG.warn("Strata JDBC: {} of the last {} reads ran without the cache, most because {} ({}). {} "
                    + "(JdbcStats.uncachedByReason() has the counts; DEBUG on {} logs each statement.)",
                    uncachedInWindow, uncachedInWindow + cachedInWindow, reason.description(), reason,
                    reason.advice(), StrataContext.class.getName());
        }
    }
}
