/**
 * JMH benchmarks that put Strata side by side with what users would pick instead. This package holds
 * {@link org.stratacache.benchmarks.ForkJvm}, the JVM options of every fork (a fixed heap, touched before the
 * first measurement), and {@link org.stratacache.benchmarks.BenchPostgres}, the PostgreSQL that {@code .ci/pg}
 * describes in the environment; each sub-package is one area, and {@code report} runs them all and writes
 * {@code benchmarks/results/report.md} (summarised in {@code docs/performance.md}).
 *
 * <p>Uses nothing of Strata itself.
 */
package org.stratacache.benchmarks;
