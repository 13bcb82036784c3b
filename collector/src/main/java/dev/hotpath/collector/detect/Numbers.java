package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.stats.RunWindow;
import org.HdrHistogram.Histogram;

/** Rounding, ratios and percentiles as every detector reports them (ms with 3 decimals, shares in 0..1). */
final class Numbers {
    private Numbers() {
    }

    static Finding.Window window(RunWindow w) {
        return new Finding.Window(w.start().toString(), w.end().toString());
    }

    static Finding.Percentiles percentiles(Histogram micros) {
        return new Finding.Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)));
    }

    static double ratio(double part, double whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, part / whole));
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static int clampScore(double score) {
        return (int) Math.max(0, Math.min(100, Math.round(score)));
    }

    /** high: rho >= 0.6 over >= 10 requests; medium: rho >= 0.3, or few requests with a strong pattern; else low. */
    static ConfidenceLevel confidence(double rho, int sampled, boolean strongPattern) {
        if (!Double.isNaN(rho) && rho >= 0.6 && sampled >= 10) {
            return ConfidenceLevel.HIGH;
        }
        if ((!Double.isNaN(rho) && rho >= 0.3) || (sampled < 10 && strongPattern)) {
            return ConfidenceLevel.MEDIUM;
        }
        return ConfidenceLevel.LOW;
    }
}
