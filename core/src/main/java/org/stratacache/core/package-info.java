/**
 * Strata's public API (this package is what applications touch): the {@link org.stratacache.core.RegionStore}
 * that owns a set of regions on one tier, the {@link org.stratacache.core.Region} contract (tags,
 * single-flight read-through, invalidation, degradation to a miss), {@link org.stratacache.core.RegionSettings},
 * the {@link org.stratacache.core.RegionStats} snapshot, the read-through {@link org.stratacache.core.Loader},
 * and the two exceptions an application can see, {@link org.stratacache.core.RegionLoadException} and
 * {@link org.stratacache.core.StrataConfigException}.
 *
 * <h2>The packages of core</h2>
 * <ul>
 *   <li>API: this package, {@code config}, {@code tag} ({@code TagSnapshot}), {@code writebehind},
 *       {@code writebehind.jdbc}, {@code jcache} (the {@code javax.cache} provider), and
 *       {@code tier.distributed}'s {@code DistributedTier} and {@code DistributedTierStats}.</li>
 *   <li>SPI: {@code tier} (implemented by {@code tier.local} and {@code tier.distributed}),
 *       {@code tag.TagVersions}, {@code writebehind.BatchWriter} and {@code writebehind.DeadLetterSink}.</li>
 *   <li>Internal: {@code internal.region} (the region engine), {@code internal.stats} (counters, JMX),
 *       {@code internal.writebehind} (the queue and its journal).</li>
 * </ul>
 * This package may use all of them: {@code RegionStore} is where they are put together. It reaches
 * {@code tier.distributed} only by class name, when {@code strata.tier=distributed}, so that Hazelcast stays
 * an optional dependency. The package map of every module is in {@code docs/architecture.md}.
 *
 * <h2>Automatic module names rather than {@code module-info.java}</h2>
 * Each library jar names its module in its manifest ({@code Automatic-Module-Name}: {@code org.stratacache.core},
 * {@code org.stratacache.jdbc}, {@code org.stratacache.hibernate}) and ships no module descriptor:
 * <ul>
 *   <li>Hazelcast is optional and reached by reflection. Declared {@code requires static} in a descriptor, it
 *       would not be resolved at run time unless the application added it, so the distributed tier would
 *       fail on the module path with Hazelcast right there.</li>
 *   <li>Ehcache 3.12 ({@code jakarta} jar) and the JCache API 1.1.1 carry neither a descriptor nor an
 *       {@code Automatic-Module-Name}: a descriptor would have to require them by names derived from their
 *       file names, which a published module must not depend on.</li>
 *   <li>Hibernate and {@code javax.cache} find Strata's providers through {@code ServiceLoader} and create
 *       them by reflection, and the JSR-107 TCK and every test run on the class path: a descriptor would
 *       describe a configuration nothing tests.</li>
 * </ul>
 * An automatic module exports every package, so the boundary is a naming contract: a package whose name
 * contains {@code internal} is not API, whatever its classes' visibility, and may change in any release.
 */
package org.stratacache.core;
