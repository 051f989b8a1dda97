package org.stratacache.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Threads;

/**
 * One suite of the benchmark report: JMH benchmarks measured side by side in one run and compared with
 * in-run baselines.
 *
 * @param title     heading in the report
 * @param include   JMH include regex
 * @param baseline  regex matching the label of the baseline row (what users would pick instead)
 * @param params    JMH parameter overrides ({@code name -> values})
 * @param threads   the JMH thread counts every benchmark of the suite runs at ({@link Threads#MAX} = all cores);
 *                  with more than one, each row's label ends in {@code threads=N}, a row is compared with the
 *                  baseline at the same count, and the report draws throughput against threads
 * @param sameAs    parameters a row and its baseline must share (e.g. {@code entries}: a hit in a 1M-entry
 *                  cache is compared with the baseline's hit in a 1M-entry cache); {@code threads} always
 * @param target    the target the issue set, as text for the report
 * @param pairs     rows compared with another baseline than {@code baseline}: row-label regex to baseline-label
 *                  regex, first match wins (a storing miss is compared with the same unique-key query run
 *                  directly, not with the hot-key one)
 * @param measure   how long JMH measures
 */
public record Suite(String title, String include, String baseline, Map<String, List<String>> params,
                    List<Integer> threads, List<String> sameAs, String target, Map<String, String> pairs,
                    Measure measure) {

    /**
     * JMH forks, warm-up and measurement iterations and their length in seconds, and how many rounds run the
     * whole suite again (the report takes the median round; see {@code ReportMain.run}).
     */
    public record Measure(int forks, int warmups, int warmupSeconds, int iterations, int seconds, int rounds) {
        /** Enough for ratios of an order of magnitude or more. */
        public static final Measure QUICK = new Measure(1, 2, 1, 3, 1, 1);
        /**
         * For differences of a few per cent: three rounds, longer iterations, and 6 s of warm-up, because a
         * miss with a new key every call changes path once the region is full and needs time to settle.
         */
        public static final Measure CAREFUL = new Measure(1, 6, 1, 3, 2, 3);

        String describe() {
            String once = forks + (forks == 1 ? " fork" : " forks") + ", warm-up " + warmups + " × "
                    + warmupSeconds + " s, measurement " + iterations + " × " + seconds + " s per benchmark";
            return rounds == 1 ? once : rounds + " rounds of (" + once + "); score = median round, ± = farthest "
                    + "round from it, ratio = median of the rounds' ratios";
        }
    }

    public Suite {
        pairs = new LinkedHashMap<>(pairs);
        threads = List.copyOf(threads);
        sameAs = List.copyOf(sameAs);
    }

    public Suite(String title, String include, String baseline, Map<String, List<String>> params, int threads,
                 String target) {
        this(title, include, baseline, params, List.of(threads), List.of(), target, Map.of(), Measure.QUICK);
    }

    public Suite(String title, String include, String baseline, Map<String, List<String>> params, int threads,
                 String target, Map<String, String> pairs, Measure measure) {
        this(title, include, baseline, params, List.of(threads), List.of(), target, pairs, measure);
    }

    /** True when the suite runs at several thread counts. */
    boolean scales() {
        return threads.size() > 1;
    }

    /** The thread counts to run, all cores ({@link Threads#MAX}) as a number, each once. */
    List<Integer> threadCounts() {
        int cores = Runtime.getRuntime().availableProcessors();
        return threads.stream().map(t -> t == Threads.MAX ? cores : t).distinct().sorted().toList();
    }

    /** The regex of the baseline {@code rowLabel} is compared with. */
    String baselineFor(String rowLabel) {
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            if (Pattern.compile(pair.getKey()).matcher(rowLabel).find()) {
                return pair.getValue();
            }
        }
        return baseline;
    }
}
