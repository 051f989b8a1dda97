package org.stratacache.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the report's suites and writes {@code report.md} plus one SVG bar chart per suite.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.stratacache.benchmarks.report.ReportMain OUT_DIR [suite-filter]</pre>
 * {@code benchmarks/run.sh} wraps it (PostgreSQL start and stop included).
 */
public final class ReportMain {
    private ReportMain() {
    }

    /** A measured row: label, score, error, unit and whether higher is better. */
    record Row(String label, double score, double error, String unit, boolean higherIsBetter) {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Pattern filter = Pattern.compile(args.length > 1 ? args[1] : ".*");
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder();
        md.append("# Strata benchmark report\n\n")
                .append("Produced by `benchmarks/run.sh` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(".\nJMH: 1 fork, warm-up 2 × 1 s, measurement 3 × 1 s per benchmark. Ratios compare "
                        + "with the suite's baseline measured in the same run; the machine is shared, so "
                        + "absolute figures are noisy and ratios are what matters.\n\n");
        for (Suite suite : Suites.all()) {
            if (!filter.matcher(suite.title()).find()) {
                continue;
            }
            List<Row> rows = run(suite);
            if (rows.isEmpty()) {
                md.append("## ").append(suite.title()).append("\n\nNot measured in this run (see notes).\n\n");
                continue;
            }
            String chart = slug(suite.title()) + ".svg";
            Files.writeString(out.resolve(chart), Charts.bars(suite.title(), rows, baselineOf(suite, rows)));
            md.append(section(suite, rows, chart));
        }
        Files.writeString(out.resolve("report.md"), md.toString());
        System.out.println("report written to " + out.resolve("report.md"));
    }

    private static List<Row> run(Suite suite) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(suite.include())
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                .threads(suite.threads())
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
            var primary = r.getPrimaryResult();
            boolean higher = params.getMode() == org.openjdk.jmh.annotations.Mode.Throughput;
            rows.add(new Row(label.toString(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                    higher));
        }
        rows.sort(Comparator.comparing(Row::label));
        return rows;
    }

    static Row baselineOf(Suite suite, List<Row> rows) {
        Pattern p = Pattern.compile(suite.baseline());
        return rows.stream().filter(r -> p.matcher(r.label()).find()).findFirst().orElse(null);
    }

    /** How many times better than the baseline (above 1 = better). */
    static double ratio(Row row, Row baseline) {
        if (baseline == null || row.score() == 0 || baseline.score() == 0) {
            return Double.NaN;
        }
        return row.higherIsBetter() ? row.score() / baseline.score() : baseline.score() / row.score();
    }

    private static String section(Suite suite, List<Row> rows, String chart) {
        Row baseline = baselineOf(suite, rows);
        StringBuilder sb = new StringBuilder("## ").append(suite.title()).append("\n\n");
        if (!suite.target().isEmpty()) {
            sb.append("Target: ").append(suite.target()).append("\n\n");
        }
        sb.append("| benchmark | score | ± error | unit | vs baseline |\n|---|---:|---:|---|---:|\n");
        for (Row r : rows) {
            double ratio = ratio(r, baseline);
            sb.append("| ").append(r.label()).append(r == baseline ? " *(baseline)*" : "")
                    .append(" | ").append(fmt(r.score())).append(" | ").append(fmt(r.error()))
                    .append(" | ").append(r.unit()).append(" | ")
                    .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio)).append(" |\n");
        }
        sb.append("\n![").append(suite.title()).append("](").append(chart).append(")\n\n");
        return sb.toString();
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
