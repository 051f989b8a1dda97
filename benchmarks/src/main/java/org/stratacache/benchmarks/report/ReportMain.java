package org.stratacache.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.stratacache.benchmarks.ForkJvm;

/**
 * Runs the report's suites and writes {@code report.md} plus one SVG bar chart per suite.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.stratacache.benchmarks.report.ReportMain OUT_DIR [suite-filter]</pre>
 * {@code benchmarks/run.sh} wraps it (PostgreSQL start and stop included).
 */
public final class ReportMain {
    private ReportMain() {
    }

    /**
     * A measured row: label, score, error, unit, whether higher is better, the score of each round when
     * the suite ran in several (then {@code score} is their median and {@code error} the largest distance of a
     * round from it), the threads that ran it, and the bytes it allocated per operation (JMH's {@code gc}
     * profiler; NaN when not measured).
     */
    record Row(String label, double score, double error, String unit, boolean higherIsBetter, List<Double> rounds,
               int threads, double bytesPerOp) {

        /** Operations per microsecond, all threads together. */
        double throughputPerMicro() {
            int slash = unit.indexOf('/');
            if (higherIsBetter) { // "ops/us": JMH sums the threads' throughput
                return score / micros(unit.substring(slash + 1));
            }
            // "ns/op": the average time of one operation on one thread
            return threads / (score * micros(unit.substring(0, slash)));
        }

        private static double micros(String timeUnit) {
            return switch (timeUnit) {
                case "ns" -> 1e-3;
                case "us" -> 1;
                case "ms" -> 1e3;
                case "s" -> 1e6;
                default -> Double.NaN;
            };
        }
    }

    public static void main(String[] args) throws IOException, RunnerException {
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Pattern filter = Pattern.compile(args.length > 1 ? args[1] : ".*");
        Files.createDirectories(out);
        Path report = out.resolve("report.md");
        // A filtered run re-measures some suites: the sections of the others stay as they were.
        Map<String, String> sections = Files.exists(report) ? sections(Files.readString(report)) : Map.of();
        String now = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        StringBuilder md = new StringBuilder();
        md.append("# Strata benchmark report\n\n")
                .append("Produced by `benchmarks/run.sh` (last run ").append(now).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("; a section says when it was measured). Ratios compare with a baseline measured in the "
                        + "same run; the machine is shared, so absolute figures are noisy and ratios are what "
                        + "matters. A row's baseline is the suite's unless the row names another.\n\n");
        for (Suite suite : Suites.all()) {
            if (!filter.matcher(suite.title()).find()) {
                String kept = sections.get(suite.title());
                md.append(kept != null ? kept : "## " + suite.title() + "\n\nNot measured yet.\n\n");
                continue;
            }
            List<Row> rows = run(suite);
            if (rows.isEmpty()) {
                md.append("## ").append(suite.title()).append("\n\nNot measured in this run (see notes).\n\n");
                continue;
            }
            String chart = slug(suite.title()) + ".svg";
            Files.writeString(out.resolve(chart), Charts.bars(suite.title(), rows, r -> baselineFor(suite, r, rows)));
            String scaling = null;
            if (suite.scales()) {
                scaling = slug(suite.title()) + "-threads.svg";
                Files.writeString(out.resolve(scaling), Charts.scaling(suite.title(), rows));
            }
            md.append(section(suite, rows, chart, scaling, now));
        }
        // Sections no suite owns (figures measured outside JMH, with the command that produced them) are kept
        // as they were, after the suites.
        java.util.Set<String> owned = new java.util.HashSet<>();
        Suites.all().forEach(suite -> owned.add(suite.title()));
        sections.forEach((title, text) -> {
            if (!owned.contains(title)) {
                md.append(text);
            }
        });
        Files.writeString(report, md.toString());
        System.out.println("report written to " + report);
    }

    /** The sections of an earlier report by title ("## title" up to the next "## "). */
    static Map<String, String> sections(String report) {
        Map<String, String> found = new LinkedHashMap<>();
        String[] parts = report.split("(?m)^(?=## )");
        for (String part : parts) {
            if (part.startsWith("## ")) {
                int eol = part.indexOf('\n');
                found.put(part.substring(3, eol < 0 ? part.length() : eol).strip(), part);
            }
        }
        return found;
    }

    /**
     * Runs the suite {@code rounds} times. On a shared machine a database's latency drifts by more than a few per
     * cent over the minutes one suite takes; rounds that each measure every benchmark once, compared by the
     * median, keep that drift from deciding a close comparison.
     */
    private static List<Row> run(Suite suite) throws RunnerException {
        Map<String, List<Row>> byLabel = new LinkedHashMap<>();
        for (int round = 0; round < suite.measure().rounds(); round++) {
            for (Row row : runOnce(suite)) {
                byLabel.computeIfAbsent(row.label(), l -> new ArrayList<>()).add(row);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (List<Row> measured : byLabel.values()) {
            Row first = measured.get(0);
            if (measured.size() == 1) {
                rows.add(first);
                continue;
            }
            List<Double> scores = measured.stream().map(Row::score).toList();
            double median = median(scores);
            double spread = scores.stream().mapToDouble(v -> Math.abs(v - median)).max().orElse(0);
            List<Double> bytes = measured.stream().map(Row::bytesPerOp).filter(b -> !Double.isNaN(b)).toList();
            rows.add(new Row(first.label(), median, spread, first.unit(), first.higherIsBetter(), scores,
                    first.threads(), bytes.isEmpty() ? Double.NaN : median(bytes)));
        }
        rows.sort(Comparator.comparing(Row::label));
        return rows;
    }

    private static List<Row> runOnce(Suite suite) throws RunnerException {
        List<Row> rows = new ArrayList<>();
        for (int threads : suite.threadCounts()) {
            rows.addAll(runOnce(suite, threads));
        }
        return rows;
    }

    private static List<Row> runOnce(Suite suite, int threads) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(suite.include())
                .forks(suite.measure().forks())
                .jvmArgsAppend(ForkJvm.ARGS.toArray(String[]::new))
                .warmupIterations(suite.measure().warmups())
                .warmupTime(TimeValue.seconds(suite.measure().warmupSeconds()))
                .measurementIterations(suite.measure().iterations())
                .measurementTime(TimeValue.seconds(suite.measure().seconds()))
                .threads(threads)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(false);
        for (Map.Entry<String, List<String>> p : suite.params().entrySet()) {
            options.param(p.getKey(), p.getValue().toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String name = params.getBenchmark();
            StringBuilder label = new StringBuilder(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
            for (String key : params.getParamsKeys()) {
                label.append(" ").append(key).append('=').append(params.getParam(key));
            }
            if (suite.scales()) {
                label.append(" threads=").append(threads);
            }
            var primary = r.getPrimaryResult();
            boolean higher = params.getMode() == org.openjdk.jmh.annotations.Mode.Throughput;
            rows.add(new Row(label.toString(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                    higher, List.of(), params.getThreads(), bytesPerOp(r)));
        }
        return rows;
    }

    /**
     * The median of the iterations' bytes per operation, not their mean: JMH counts a trial's teardown in its last
     * iteration (closing a region of a million entries allocates 20 B for each of its operations there), which is
     * not the operation's own allocation.
     */
    private static double bytesPerOp(RunResult run) {
        List<Double> perIteration = new ArrayList<>();
        for (var fork : run.getBenchmarkResults()) {
            for (var iteration : fork.getIterationResults()) {
                var allocation = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                if (allocation != null) {
                    perIteration.add(allocation.getScore());
                }
            }
        }
        return perIteration.isEmpty() ? Double.NaN : median(perIteration);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The row {@code row} is compared with: the one matching its paired baseline, else the suite's, at the same
     * thread count and with the same values of the suite's {@code sameAs} parameters.
     */
    static Row baselineFor(Suite suite, Row row, List<Row> rows) {
        return comparable(suite, suite.baselineFor(row.label()), row, rows);
    }

    /** The first row matching {@code labelRegex} at {@code row}'s thread count and {@code sameAs} values. */
    private static Row comparable(Suite suite, String labelRegex, Row row, List<Row> rows) {
        Pattern p = Pattern.compile(labelRegex);
        return rows.stream().filter(r -> p.matcher(r.label()).find() && r.threads() == row.threads()
                        && suite.sameAs().stream().allMatch(k -> java.util.Objects.equals(param(r, k), param(row, k))))
                .findFirst().orElse(null);
    }

    /** The value of parameter {@code key} in a row's label ("entries=1000" gives "1000"), or null. */
    static String param(Row row, String key) {
        for (String token : row.label().split(" ")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        return null;
    }

    /**
     * How many times better than the baseline (above 1 = better); over several rounds, the median of the
     * rounds' ratios (each round's row against the same round's baseline).
     */
    static double ratio(Row row, Row baseline) {
        if (baseline == null) {
            return Double.NaN;
        }
        if (!row.rounds().isEmpty() && row.rounds().size() == baseline.rounds().size()) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < row.rounds().size(); i++) {
                ratios.add(ratio(row.higherIsBetter(), row.rounds().get(i), baseline.rounds().get(i)));
            }
            return median(ratios);
        }
        return ratio(row.higherIsBetter(), row.score(), baseline.score());
    }

    private static double ratio(boolean higherIsBetter, double score, double baselineScore) {
        if (score == 0 || baselineScore == 0) {
            return Double.NaN;
        }
        return higherIsBetter ? score / baselineScore : baselineScore / score;
    }

    private static String section(Suite suite, List<Row> rows, String chart, String scaling, String when) {
        StringBuilder sb = new StringBuilder("## ").append(suite.title()).append("\n\n");
        if (!suite.target().isEmpty()) {
            sb.append("Target: ").append(suite.target()).append("\n\n");
        }
        sb.append("Measured ").append(when).append("; JMH ").append(suite.measure().describe())
                .append("; every fork with `").append(String.join(" ", ForkJvm.ARGS))
                .append("` (a fixed heap, in memory before the first measurement: see `ForkJvm`).\n\n");
        sb.append("| benchmark | score | ± error | unit | B/op | vs baseline |\n|---|---:|---:|---|---:|---:|\n");
        for (Row r : rows) {
            Row baseline = baselineFor(suite, r, rows);
            Row suiteBaseline = suiteBaselineFor(suite, r, rows);
            double ratio = ratio(r, baseline);
            String versus = baseline == null || baseline == suiteBaseline ? ""
                    : " vs " + shortName(baseline);
            sb.append("| ").append(r.label()).append(r == suiteBaseline ? " *(baseline)*" : "")
                    .append(" | ").append(fmt(r.score())).append(" | ").append(fmt(r.error()))
                    .append(" | ").append(r.unit()).append(" | ").append(bytes(r.bytesPerOp())).append(" | ")
                    .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio)).append(versus)
                    .append(" |\n");
        }
        sb.append("\nB/op: bytes allocated per operation (JMH `-prof gc`, `gc.alloc.rate.norm`), the harness's own "
                + "share included; the median of the measurement iterations, since the last one also counts the "
                + "trial's teardown.\n");
        sb.append("\n![").append(suite.title()).append("](").append(chart).append(")\n\n");
        if (scaling != null) {
            sb.append("![").append(suite.title()).append(": throughput against threads](").append(scaling)
                    .append(")\n\n");
        }
        return sb.toString();
    }

    /** "directUnique" for "JdbcBenchmark.directUnique db=h2 query=pk". */
    private static String shortName(Row row) {
        String benchmark = row.label().split(" ")[0];
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The suite's own baseline for a row: its regex, at the row's thread count and {@code sameAs} values. */
    private static Row suiteBaselineFor(Suite suite, Row row, List<Row> rows) {
        return comparable(suite, suite.baseline(), row, rows);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", Math.max(0, v));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
