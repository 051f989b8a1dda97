/**
 * Core's engine, not its API: packages below hold the region implementation ({@code region}), counters and JMX
 * ({@code stats}), the write-behind queue and journal ({@code writebehind}) and store-by-value copies
 * ({@code copy}); this package holds helpers they and the JCache provider share
 * ({@link org.stratacache.core.internal.Closing}), and two the invalidation buses share
 * ({@link org.stratacache.core.internal.Quietly}; {@link org.stratacache.core.internal.CoalescingPublisher}, the
 * thread that sends after auto-commit writes, coalescing and retrying); and the tiers' expiry clock
 * ({@link org.stratacache.core.internal.CoarseClock}, a field a shared daemon thread refreshes every millisecond) and
 * the local tier's maintenance executor ({@link org.stratacache.core.internal.TickExecutor}, queued work another such
 * thread runs every millisecond). Nothing here is API; it may change without notice.
 */
package org.stratacache.core.internal;
