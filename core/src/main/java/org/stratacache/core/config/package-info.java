/**
 * Configuration (API). Every {@code strata.*} key is one {@link org.stratacache.core.config.ConfigKey}
 * constant in {@link org.stratacache.core.config.ConfigKeys}, with its default, its form and its description;
 * {@link org.stratacache.core.config.ValueParsers} parses the value forms (durations, sizes, booleans,
 * fractions, lists); {@link org.stratacache.core.config.StrataConfig} merges the sources
 * ({@code strata.properties}, system properties, the caller's settings; later wins), rejects an unknown key
 * or a malformed value at once, and answers typed values and per-region settings. The table in
 * {@code docs/configuration.md} has a row per key ({@code ConfigKeysDocumentedTest} checks it).
 *
 * <p>May use the root package's {@code RegionSettings} and {@code StrataConfigException}, nothing else of
 * core, so that every other package, and the JDBC and Hibernate modules, can read configuration.
 */
package org.stratacache.core.config;
