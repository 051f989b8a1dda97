/**
 * Internal: the write-behind engine behind the {@code WriteBehind} interface.
 * {@link org.stratacache.core.internal.writebehind.WriteBehindQueue} (a coalescing queue under one lock, one
 * flusher thread, retries with back-off, batches split to isolate dead letters, the flush watermark),
 * {@code Journal} with {@code JournalRecordCodec} and {@code JournalValueCodec} (appended before a write is
 * acknowledged, fsync shared by a group, replayed at open; a torn tail is not a write), and
 * {@link org.stratacache.core.internal.writebehind.WriteBehindStatistics} (the MXBean
 * {@code org.stratacache:type=WriteBehind,store=<store>,queue=<queue>}). The class comments of
 * {@code WriteBehindQueue} and {@code Journal} hold the invariants.
 *
 * <p>Created by {@code RegionStore}; not API. May use {@code writebehind}, {@code writebehind.jdbc}
 * ({@code TableRow}, which the journal encodes compactly) and JMX.
 */
package org.stratacache.core.internal.writebehind;
