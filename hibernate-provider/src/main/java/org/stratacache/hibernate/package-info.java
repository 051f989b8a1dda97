/**
 * Strata as Hibernate ORM 7's second-level cache. The only public type is
 * {@link org.stratacache.hibernate.StrataRegionFactory} (short name {@code strata}); the rest is internal.
 *
 * <p>Map of the package:
 * <ul>
 *   <li>{@code StrataRegionFactory} — builds (or is given) the core {@code RegionStore}, creates regions,
 *       hands out timestamps and per-session contexts.</li>
 *   <li>{@code StrataDomainDataRegion}, {@code StrataQueryResultsRegion}, {@code StrataTimestampsRegion} —
 *       Hibernate's region templates over core regions, with element counts for statistics.</li>
 *   <li>{@code DomainStorage} / {@code DirectStorage} — the storage bridge to core regions.</li>
 *   <li>{@code ReadWriteAccess} and its entity/collection/natural-id subclasses, {@code CachedItem},
 *       {@code SoftLockEntry} — READ_WRITE with immutable entries and per-key atomic transitions.</li>
 *   <li>{@code LoadCoalescer}, {@code SessionCacheContext} — single-flight for concurrent misses.</li>
 *   <li>{@code CacheClock}, {@code Timestamper} — cache timestamps and the seam for cluster time.</li>
 * </ul>
 */
package org.stratacache.hibernate;
