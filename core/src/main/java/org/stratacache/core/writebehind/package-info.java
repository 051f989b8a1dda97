/**
 * Write-behind, API and SPI: writes acknowledged once queued and written to the system of record in batches.
 * {@link org.stratacache.core.writebehind.WriteBehind} is what a queue promises (coalescing per key, per-key
 * order, back-pressure instead of dropping, read-your-writes by overlay, flush and close); get one from
 * {@code RegionStore.writeBehind}. Its settings ({@code strata.write-behind.*}), stats, pending writes and
 * exceptions are API too. {@link org.stratacache.core.writebehind.BatchWriter} (writes one batch in one
 * transaction and tells transient failures from permanent ones) and
 * {@link org.stratacache.core.writebehind.DeadLetterSink} (takes the writes refused for good) are the SPI an
 * application implements or takes from {@code writebehind.jdbc}.
 *
 * <p>The engine is {@code internal.writebehind}. May use {@code config} and the root package.
 */
package org.stratacache.core.writebehind;
