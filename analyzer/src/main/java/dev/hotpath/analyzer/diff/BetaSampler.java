package dev.hotpath.analyzer.diff;

import java.util.SplittableRandom;

/**
 * Draws from Beta(a, b) for a, b >= 1 as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), each by Marsaglia and
 * Tsang's squeeze method (2000). The k-th smallest of n uniform draws is Beta(k, n - k + 1): this is how a
 * bootstrap resample's percentile is drawn without drawing the n values.
 */
final class BetaSampler {
    private BetaSampler() {
    }

    static double beta(double a, double b, SplittableRandom random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }

    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            throw new IllegalArgumentException("shape must be >= 1: " + shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double t = 1.0 + c * x;
            if (t <= 0) {
                continue;
            }
            double v = t * t * t;
            double u = random.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
