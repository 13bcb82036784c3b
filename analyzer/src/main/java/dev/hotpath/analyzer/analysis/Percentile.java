package dev.hotpath.analyzer.analysis;

import java.util.Arrays;

/** Nearest-rank percentile of a sample (the value at rank ceil(q/100 x n)), as HdrHistogram reports it. */
public final class Percentile {
    private Percentile() {
    }

    public static double of(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    public static double ofSorted(double[] sorted, double q) {
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
