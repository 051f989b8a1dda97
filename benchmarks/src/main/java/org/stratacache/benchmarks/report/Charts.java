package org.stratacache.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Minimal SVG horizontal bar charts: one bar per benchmark, length = ratio to its baseline (log scale). */
final class Charts {
    private static final int LABEL_WIDTH = 420;
    private static final int BAR_AREA = 380;
    private static final int ROW_HEIGHT = 22;

    private Charts() {
    }

    static String bars(String title, List<ReportMain.Row> rows, Function<ReportMain.Row, ReportMain.Row> baselineOf) {
        double maxLog = 0;
        double minLog = 0;
        for (ReportMain.Row r : rows) {
            double ratio = ReportMain.ratio(r, baselineOf.apply(r));
            if (!Double.isNaN(ratio) && ratio > 0) {
                maxLog = Math.max(maxLog, Math.log10(ratio));
                minLog = Math.min(minLog, Math.log10(ratio));
            }
        }
        double span = Math.max(1e-9, maxLog - minLog);
        int height = 40 + rows.size() * ROW_HEIGHT + 20;
        int width = LABEL_WIDTH + BAR_AREA + 90;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"monospace\" font-size=\"12\">%n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s "
                + "(× vs baseline, log scale; longer is better)</text>%n", escape(title)));
        double zeroX = LABEL_WIDTH + (-minLog / span) * BAR_AREA;
        int y = 40;
        for (ReportMain.Row r : rows) {
            ReportMain.Row baseline = baselineOf.apply(r);
            double ratio = ReportMain.ratio(r, baseline);
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 14,
                    escape(truncate(r.label(), 58))));
            if (!Double.isNaN(ratio) && ratio > 0) {
                double x = LABEL_WIDTH + ((Math.log10(ratio) - minLog) / span) * BAR_AREA;
                double left = Math.min(x, zeroX);
                double w = Math.max(1, Math.abs(x - zeroX));
                String color = r == baseline ? "#888888" : ratio >= 1 ? "#2e7d32" : "#c62828";
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" "
                        + "fill=\"%s\"/>%n", left, y + 2, w, color));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>%n",
                        Math.max(x, zeroX) + 4, y + 14, ratio));
            }
            y += ROW_HEIGHT;
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"35\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
                zeroX, zeroX, y));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static final String[] SERIES_COLORS = {"#1565c0", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00",
        "#00838f", "#5d4037", "#888888"};

    /**
     * Throughput (operations per microsecond, all threads together) against the thread count, one line per
     * benchmark: a path meant to be concurrent climbs with every core; a flat or falling line is a shared
     * bottleneck.
     */
    static String scaling(String title, List<ReportMain.Row> rows) {
        java.util.Map<String, java.util.TreeMap<Integer, Double>> series = new java.util.LinkedHashMap<>();
        java.util.TreeSet<Integer> threadCounts = new java.util.TreeSet<>();
        double max = 0;
        for (ReportMain.Row r : rows) {
            double throughput = r.throughputPerMicro();
            if (Double.isNaN(throughput) || Double.isInfinite(throughput)) {
                continue;
            }
            String name = r.label().replaceFirst(" threads=\\S+$", "");
            series.computeIfAbsent(name, n -> new java.util.TreeMap<>()).put(r.threads(), throughput);
            threadCounts.add(r.threads());
            max = Math.max(max, throughput);
        }
        int left = 70;
        int plotWidth = 520;
        int plotHeight = 260;
        int top = 40;
        int legendTop = top + plotHeight + 40;
        int height = legendTop + series.size() * ROW_HEIGHT + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"monospace\" font-size=\"12\">%n", left + plotWidth + 40, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s "
                + "(ops/µs, all threads, against threads)</text>%n", escape(title)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, top + plotHeight, left + plotWidth, top + plotHeight));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, top, left, top + plotHeight));
        double yMax = max <= 0 ? 1 : max * 1.1;
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double y = top + plotHeight - plotHeight * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%.1f\">%s</text>%n", y + 4,
                    ReportMain.fmt(value)));
        }
        List<Integer> xs = List.copyOf(threadCounts);
        java.util.function.IntToDoubleFunction xOf = t -> left + (xs.size() == 1 ? plotWidth / 2.0
                : plotWidth * 0.05 + plotWidth * 0.9 * xs.indexOf(t) / (xs.size() - 1));
        for (int t : xs) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    xOf.applyAsDouble(t), top + plotHeight + 16, t));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">threads</text>%n",
                left + plotWidth / 2, top + plotHeight + 32));
        int index = 0;
        for (var s : series.entrySet()) {
            String color = SERIES_COLORS[index % SERIES_COLORS.length];
            StringBuilder points = new StringBuilder();
            for (var point : s.getValue().entrySet()) {
                double x = xOf.applyAsDouble(point.getKey());
                double y = top + plotHeight - plotHeight * point.getValue() / yMax;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        x, y, color));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", points.toString().strip(), color));
            int y = legendTop + index * ROW_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<rect x=\"10\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n",
                    y, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"30\" y=\"%d\">%s</text>%n", y + 12,
                    escape(truncate(s.getKey(), 80))));
            index++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
