package org.stratacache.benchmarks;

import java.util.List;

/**
 * The JVM options of every benchmark fork, baselines and Strata alike: a fixed heap whose pages are touched
 * before the first measurement.
 * <p>
 * Why: a cache fills the heap, G1 grows it (to 3.4 GB in the JDBC miss benchmark), and the first allocation into
 * each freshly committed page costs the operating system a page fault. With a young generation that large no
 * collection happens in a measurement, so every allocation lands on a page never used before: 6.3 page faults
 * per 100-row query, which made a pass-through PostgreSQL miss take 171–274 µs instead of 83–86 µs
 * ({@code -prof "perfnorm:events=page-faults"}). That is a one-off cost of a growing heap, paid by any program
 * until its heap has been used once, not a cost of the code measured; production JVMs that hold a large cache
 * are run the same way ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}).
 */
public final class ForkJvm {
    public static final String HEAP_MIN = "-Xms2g";
    public static final String HEAP_MAX = "-Xmx2g";
    public static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    /** The same options for the report runner, which sets them on every fork it starts. */
    public static final List<String> ARGS = List.of(HEAP_MIN, HEAP_MAX, PRE_TOUCH);

    private ForkJvm() {
    }
}
