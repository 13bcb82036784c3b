package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.analysis.Percentile;
import dev.hotpath.analyzer.run.LatencyHistogram;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence interval of the difference of a percentile between two samples
 * (after minus before): resample each side with replacement, take the percentile of each, and read
 * the 2.5th and 97.5th percentiles of the differences. Seeded, so the same inputs give the same
 * interval. From samples (kept traces' durations) or from whole-run histograms: a resample's nearest-rank
 * percentile is its k-th smallest value (k = ceil(q/100 x n)), which is the histogram's inverse distribution
 * function at the k-th smallest of n uniform draws, a Beta(k, n - k + 1) draw; so each resample of a
 * histogram of n requests costs two Gamma draws and a bucket lookup, not n draws.
 */
public final class PercentileBootstrap {
    public static final int DEFAULT_RESAMPLES = 2000;

    private PercentileBootstrap() {
    }

    /** The observed difference and its 95% interval; {@code lower > 0} means after is significantly higher. */
    public record Interval(double quantile, double before, double after, double difference, double lower, double upper,
                           int nBefore, int nAfter) {
        public boolean containsZero() {
            return lower <= 0 && upper >= 0;
        }
    }

    public static Interval difference(double[] before, double[] after, double quantile, int resamples, long seed) {
        if (before.length == 0 || after.length == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        double[] b = before.clone();
        double[] a = after.clone();
        Arrays.sort(b);
        Arrays.sort(a);
        double observedBefore = Percentile.ofSorted(b, quantile);
        double observedAfter = Percentile.ofSorted(a, quantile);
        SplittableRandom random = new SplittableRandom(seed);
        double[] diffs = new double[resamples];
        double[] rb = new double[b.length];
        double[] ra = new double[a.length];
        for (int i = 0; i < resamples; i++) {
            diffs[i] = resampledPercentile(a, ra, quantile, random) - resampledPercentile(b, rb, quantile, random);
        }
        Arrays.sort(diffs);
        return new Interval(quantile, observedBefore, observedAfter, observedAfter - observedBefore,
                Percentile.ofSorted(diffs, 2.5), Percentile.ofSorted(diffs, 97.5), b.length, a.length);
    }

    public static Interval difference(LatencyHistogram before, LatencyHistogram after, double quantile, int resamples, long seed) {
        if (before.count() == 0 || after.count() == 0) {
            throw new IllegalArgumentException("both histograms need values");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] diffs = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            diffs[i] = resampledPercentile(after, quantile, random) - resampledPercentile(before, quantile, random);
        }
        Arrays.sort(diffs);
        double observedBefore = before.percentileMs(quantile);
        double observedAfter = after.percentileMs(quantile);
        return new Interval(quantile, observedBefore, observedAfter, observedAfter - observedBefore,
                Percentile.ofSorted(diffs, 2.5), Percentile.ofSorted(diffs, 97.5), saturatedInt(before.count()), saturatedInt(after.count()));
    }

    private static double resampledPercentile(LatencyHistogram h, double q, SplittableRandom random) {
        long n = h.count();
        long k = Math.min(n, Math.max(1, (long) Math.ceil(q / 100.0 * n)));
        return h.quantileMs(BetaSampler.beta(k, n - k + 1, random));
    }

    private static int saturatedInt(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static double resampledPercentile(double[] sample, double[] buffer, double q, SplittableRandom random) {
        for (int i = 0; i < sample.length; i++) {
            buffer[i] = sample[random.nextInt(sample.length)];
        }
        Arrays.sort(buffer);
        return Percentile.ofSorted(buffer, q);
    }
}
