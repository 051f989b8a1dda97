/**
 * The benchmark report: {@link org.stratacache.benchmarks.report.ReportMain} runs the suites listed in
 * {@code Suites} (each compared with a baseline measured in the same run) through JMH's runner and writes
 * {@code report.md} plus one SVG bar chart per suite ({@code Charts}); a filtered run keeps the other
 * suites' sections. {@code benchmarks/run.sh} wraps it.
 *
 * <p>May use JMH's runner and {@code ForkJvm}; it refers to the benchmarks only by name.
 */
package org.stratacache.benchmarks.report;
