/**
 * Strata as Hibernate ORM 7's second-level cache. API: {@link org.stratacache.hibernate.StrataRegionFactory}
 * (short name {@code strata}); {@link org.stratacache.hibernate.StrataStrategyRegistrationProvider} is public
 * only so that Hibernate can load it from {@code META-INF/services}. The rest is package-private.
 *
 * <p>Map of the package:
 * <ul>
 *   <li>{@code StrataRegionFactory} — builds (or is given) the core {@code RegionStore}, creates regions,
 *       hands out timestamps and per-session contexts.</li>
 *   <li>{@code StrataDomainDataRegion}, {@code StrataQueryResultsRegion}, {@code StrataTimestampsRegion} —
 *       Hibernate's region templates over core regions, with element counts for statistics.</li>
 *   <li>{@code DomainStorage} / {@code DirectStorage} — the storage bridge to core regions.</li>
 *   <li>{@code ReadWriteAccess} and its entity/collection/natural-id subclasses, {@code CachedItem},
 *       {@code SoftLockEntry} — READ_WRITE with immutable entries and per-key atomic transitions, each release
 *       stamped inside its transition; {@code ReleaseTimes} — the last release per stripe of keys, so a load into
 *       an evicted key is still ordered after the release.</li>
 *   <li>{@code LoadCoalescer}, {@code SessionCacheContext} — single-flight for concurrent misses.</li>
 *   <li>{@code CacheClock}, {@code Timestamper} — cache timestamps from the store's clock (the cluster's on
 *       the distributed tier).</li>
 *   <li>{@code InvalidationLink}, {@code TableIndex}, {@code TableTags}, {@code BusTarget} — invalidation
 *       between JVMs over core's bus: what a transaction changed goes out as table tags, other JVMs' tags
 *       evict the regions reading those tables; doubt means stale.</li>
 * </ul>
 *
 * <p>May use core's root API ({@code RegionStore}, {@code Region}, {@code RegionSettings},
 * {@code StrataConfigException}), {@code core.config}, {@code core.invalidation}, and Hibernate's cache and
 * engine SPIs; never the JDBC module, and no core package named {@code internal}. User documentation: {@code docs/hibernate.md}.
 */
package org.stratacache.hibernate;
