package org.stratacache.core.jcache;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-key mutual exclusion by lock striping: every operation on a key of a cache runs while holding the
 * stripe of that key, so read-modify-write sequences (conditional operations, entry processors, the
 * write-through call and the store that follows it) are atomic per key in this JVM. Reentrant, so a
 * loader or entry processor may touch its own key again.
 *
 * <p>Across JVMs (distributed tier) this alone does not make a sequence atomic; it keeps one member's
 * own operations ordered per key, which is what event ordering needs.
 */
final class KeyLocks {
    private final ReentrantLock[] stripes;
    private final int mask;

    KeyLocks(int stripeCount) {
        int n = Integer.highestOneBit(Math.max(1, stripeCount - 1)) << 1;
        stripes = new ReentrantLock[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new ReentrantLock();
        }
        mask = n - 1;
    }

    ReentrantLock lockFor(Object key) {
        int h = key.hashCode();
        h ^= (h >>> 16);
        h *= 0x9E3779B1;
        return stripes[(h >>> 16) & mask];
    }
}
