/**
 * Region benchmarks: a hit by reference and by value, a read-through miss, and how a hit scales with the
 * number of entries and threads, against Ehcache 3 through JCache and Caffeine.
 *
 * <p>May use core's root API, {@code javax.cache}, Caffeine and {@code ForkJvm}.
 */
package org.stratacache.benchmarks.core;
