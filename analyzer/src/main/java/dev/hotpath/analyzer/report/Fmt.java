package dev.hotpath.analyzer.report;

import java.util.Locale;

/** Number and text formatting for reports: one place, locale-independent, so output is stable. */
public final class Fmt {
    private Fmt() {
    }

    /** Milliseconds: 0.34 ms, 30.1 ms, 1,234 ms -> "1.23 s". */
    public static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", v / 1000);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", v / 1000);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", v);
        }
        return String.format(Locale.ROOT, "%.2f ms", v);
    }

    /** A bare number of milliseconds for table cells (unit in the header). */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Signed milliseconds for deltas: +3.2 ms, -0.41 ms. */
    public static String signedMs(double v) {
        return (v > 0 ? "+" : v < 0 ? "-" : "±") + ms(Math.abs(v));
    }

    /** A 0..1 share as a percentage with one decimal: 24.6%. */
    public static String share(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** An error rate (0..1) with two decimals: 0.05%. */
    public static String rate(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    public static String rps(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Inline code that survives backticks inside (SQL with quoted identifiers). */
    public static String code(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
    }
}
