/**
 * The distributed tier's read: a near-cache hit against a plain Hazelcast {@code IMap.get} from a remote
 * owner, Strata's remote get with the near cache off, and the local tier for reference, on Hazelcast members
 * in the benchmark JVM (127.0.0.1, a cluster of their own).
 *
 * <p>May use core's root API, {@code core.tier.distributed}, Hazelcast and {@code ForkJvm}.
 */
package org.stratacache.benchmarks.distributed;
