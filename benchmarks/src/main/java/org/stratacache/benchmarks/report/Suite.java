package org.stratacache.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * One suite of the benchmark report: JMH benchmarks measured side by side in one run and compared with
 * an in-run baseline.
 *
 * @param title    heading in the report
 * @param include  JMH include regex
 * @param baseline regex matching the label of the baseline row (what users would pick instead)
 * @param params   JMH parameter overrides ({@code name -> values})
 * @param threads  JMH threads for every benchmark of the suite
 * @param target   the target the issue set, as text for the report
 */
public record Suite(String title, String include, String baseline, Map<String, List<String>> params, int threads,
                    String target) {
}
