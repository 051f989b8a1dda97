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

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
