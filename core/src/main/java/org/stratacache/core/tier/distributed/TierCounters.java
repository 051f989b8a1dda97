package org.stratacache.core.tier.distributed;

import java.util.concurrent.atomic.LongAdder;

/** The distributed tier's live counters (striped adders, cheap on the hot path). */
final class TierCounters {
    final LongAdder nearHits = new LongAdder();
    final LongAdder nearMisses = new LongAdder();
    final LongAdder remoteGets = new LongAdder();
    final LongAdder remotePuts = new LongAdder();
    final LongAdder invalidationsSent = new LongAdder();
    final LongAdder invalidationsReceived = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder nearClears = new LongAdder();
}
