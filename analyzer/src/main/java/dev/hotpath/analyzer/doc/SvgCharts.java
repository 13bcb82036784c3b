package dev.hotpath.analyzer.doc;

import java.util.List;
import java.util.Locale;

/** Hand-written inline SVG: no script, no fonts or files from outside the page. */
final class SvgCharts {
    static final String[] LATENCY_COLORS = {"#9ecae1", "#4292c6", "#08519c"};
    static final String[] PART_COLORS = {"#d95f02", "#e7298a", "#7570b3", "#b8b8b8", "#66a61e", "#e6ab02"};
    private static final int WIDTH = 820;
    private static final int LABEL = 270;
    private static final int PLOT = 440;

    private SvgCharts() {
    }

    static String latency(Block.LatencyChart chart) {
        double max = 0;
        for (Block.LatencyChart.LatencyBar b : chart.bars()) {
            max = Math.max(max, Math.max(b.p99(), Math.max(b.p95(), b.p50())));
        }
        double scale = niceCeiling(max);
        int rowH = 42;
        int top = 34;
        int height = top + chart.bars().size() * rowH + 28;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" id=\"latency-chart\" role=\"img\" aria-label=\"Latency percentiles per endpoint\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", WIDTH, height, WIDTH, height));
        s.append("<title>Latency percentiles per endpoint (ms)</title>");
        String[] names = {"p50", "p95", "p99"};
        for (int i = 0; i < 3; i++) {
            int x = LABEL + i * 90;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"18\">%s</text>",
                    x, LATENCY_COLORS[i], x + 16, names[i]));
        }
        axis(s, top, height - 24, scale, "ms");
        int y = top;
        for (Block.LatencyChart.LatencyBar b : chart.bars()) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LABEL - 8, y + 20, Html.escape(b.label())));
            double[] v = {b.p50(), b.p95(), b.p99()};
            for (int i = 0; i < 3; i++) {
                double w = scale > 0 ? v[i] / scale * PLOT : 0;
                int by = y + 4 + i * 11;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\"><title>%s %s %s ms</title></rect>",
                        LABEL, by, Math.max(w, 0.5), LATENCY_COLORS[i], Html.escape(b.label()), names[i], num(v[i])));
                s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", LABEL + Math.max(w, 0.5) + 4, by + 9, num(v[i])));
            }
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    static String breakdown(Block.BreakdownChart chart) {
        int rowH = 30;
        int top = 34;
        int height = top + chart.bars().size() * rowH + 28;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" id=\"breakdown-chart\" role=\"img\" aria-label=\"Time breakdown per endpoint\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", WIDTH, height, WIDTH, height));
        s.append("<title>Where time goes per endpoint (share of kept-trace time)</title>");
        int lx = LABEL;
        for (int i = 0; i < chart.partNames().size(); i++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"18\">%s</text>",
                    lx, PART_COLORS[i % PART_COLORS.length], lx + 16, Html.escape(chart.partNames().get(i))));
            lx += 24 + 8 * chart.partNames().get(i).length();
        }
        axis(s, top, height - 24, 100, "%");
        int y = top;
        for (Block.BreakdownChart.BreakdownBar b : chart.bars()) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LABEL - 8, y + 15, Html.escape(b.label())));
            double total = b.partsMs().stream().mapToDouble(Double::doubleValue).sum();
            double x = LABEL;
            for (int i = 0; i < b.partsMs().size(); i++) {
                double share = total > 0 ? b.partsMs().get(i) / total : 0;
                double w = share * PLOT;
                if (w > 0) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s %s: %.1f%% (%s ms)</title></rect>",
                            x, y + 2, w, PART_COLORS[i % PART_COLORS.length], Html.escape(b.label()), Html.escape(chart.partNames().get(i)),
                            share * 100, num(b.partsMs().get(i))));
                }
                x += w;
            }
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%d\" y=\"%d\">%s</text>", LABEL + PLOT + 6, y + 15, Html.escape(b.note())));
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    /** Two y axes: latency in ms on the left (mean, p95), wait share in % on the right; x = mean requests in flight. */
    static String concurrency(Block.ConcurrencyChart chart) {
        int left = 70;
        int plotW = 620;
        int top = 34;
        int plotH = 220;
        int height = top + plotH + 40;
        double maxX = 0;
        double maxMs = 0;
        for (Block.ConcurrencyChart.ConcurrencyPoint p : chart.points()) {
            maxX = Math.max(maxX, p.concurrency());
            maxMs = Math.max(maxMs, Math.max(p.meanMs(), p.p95Ms() == null ? 0 : p.p95Ms()));
        }
        double xScale = niceCeiling(maxX);
        double msScale = niceCeiling(maxMs);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart concurrency-chart\" id=\"%s\" role=\"img\" aria-label=\"%s\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", Html.escape(chart.id()),
                Html.escape(chart.title()), WIDTH, height, WIDTH, height));
        s.append("<title>").append(Html.escape(chart.title())).append("</title>");
        String[] names = {"mean ms", "p95 ms", "wait share %"};
        String[] colors = {LATENCY_COLORS[1], LATENCY_COLORS[2], PART_COLORS[1]};
        for (int i = 0; i < 3; i++) {
            int x = left + i * 120;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"18\">%s</text>",
                    x, colors[i], x + 16, names[i]));
        }
        int bottom = top + plotH;
        for (int i = 0; i <= 4; i++) {
            double y = bottom - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plotW, y));
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>", left - 6, y + 4,
                    num(msScale * i / 4.0)));
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%d%%</text>", left + plotW + 6, y + 4, i * 25));
            double x = left + plotW * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, bottom + 16,
                    num(xScale * i / 4.0)));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">mean requests in flight (service)</text>",
                left + plotW / 2, bottom + 34));
        for (int series = 0; series < 3; series++) {
            StringBuilder path = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (Block.ConcurrencyChart.ConcurrencyPoint p : chart.points()) {
                Double v = series == 0 ? Double.valueOf(p.meanMs()) : series == 1 ? p.p95Ms() : Double.valueOf(p.waitShare());
                if (v == null) {
                    continue;
                }
                double x = left + (xScale > 0 ? p.concurrency() / xScale : 0) * plotW;
                double y = bottom - (series == 2 ? v : msScale > 0 ? v / msScale : 0) * plotH;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %s in flight: %s</title></circle>",
                        x, y, colors[series], names[series], num(p.concurrency()), series == 2 ? num(v * 100) + "%" : num(v) + " ms"));
            }
            if (path.length() > 0) {
                s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", path, colors[series]));
                s.append(dots);
            }
        }
        return s.append("</svg>").toString();
    }

    private static void axis(StringBuilder s, int top, int bottom, double scale, String unit) {
        for (int i = 0; i <= 4; i++) {
            double x = LABEL + PLOT * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, top, x, bottom));
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s %s</text>", x, bottom + 14,
                    num(scale * i / 4.0), unit));
        }
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }

    private static String num(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }
}
