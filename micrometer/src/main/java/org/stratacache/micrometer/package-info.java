/**
 * Micrometer meters for Strata: {@link org.stratacache.micrometer.StrataMetrics}, a
 * {@link io.micrometer.core.instrument.binder.MeterBinder} over a region store and, optionally, the JDBC and
 * invalidation-bus statistics. The meters, their tags and units are listed in {@code docs/metrics.md}.
 *
 * <p>Why a module of its own: core stays free of a metrics library, and users who do not use Micrometer do not
 * get it on their class path. Why {@code micrometer-core} is a {@code provided} dependency: an application that
 * binds meters already has Micrometer (Spring Boot brings it, a plain application adds the registry it
 * publishes to, which depends on it), and its version must be the application's, not ours: a compile
 * dependency would put a second opinion on that version into every build that uses this module. Only stable
 * API that Micrometer has kept since 1.x is used (function counters, gauges, time gauges, function timers),
 * so any recent 1.x at run time will do; the build compiles and tests against the version pinned in the
 * parent pom.
 *
 * <p>Why function meters only: Strata already counts everything it does in {@code LongAdder}s for its own
 * statistics ({@code RegionStats}, {@code JdbcStats}, …); the meters read those cumulative counters when the
 * registry is scraped, so binding metrics adds nothing to the hit path.
 *
 * <p>{@code strata-jdbc} and Hazelcast are optional here as in core: only {@code JdbcMeters} names the JDBC
 * module's classes and only {@code TierMeters} names the distributed tier, and each is loaded only when there
 * is something for it to read, so {@code StrataMetrics} loads with neither on the class path.
 *
 * <p>Uses core's root API ({@code RegionStore}, its listener, {@code RegionStats}), {@code core.writebehind}
 * ({@code WriteBehind}, {@code WriteBehindStats}), {@code core.invalidation} ({@code InvalidationStats}),
 * {@code core.tier.distributed}'s API ({@code DistributedTier#stats()}), and the JDBC module's root API
 * ({@code JdbcStats}, {@code UncachedReason}, {@code NotQueuedReason}). No internal package.
 */
package org.stratacache.micrometer;
