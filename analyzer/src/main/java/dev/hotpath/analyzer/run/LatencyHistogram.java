package dev.hotpath.analyzer.run;

import dev.hotpath.collector.stats.HistogramCodec;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An endpoint's whole latency distribution as summary.json carries it (HdrHistogram, microseconds, every
 * request the agent counted). Read-only once built: its non-empty buckets are flattened into cumulative
 * counts, so a percentile is a binary search (a bootstrap asks for thousands).
 */
public final class LatencyHistogram {
    private final long[] cumulative;
    private final long[] valueMicros;

    private LatencyHistogram(Histogram micros) {
        int buckets = 0;
        long[] cum = new long[64];
        long[] val = new long[64];
        long running = 0;
        for (HistogramIterationValue v : micros.recordedValues()) {
            if (buckets == cum.length) {
                cum = Arrays.copyOf(cum, buckets * 2);
                val = Arrays.copyOf(val, buckets * 2);
            }
            running += v.getCountAtValueIteratedTo();
            cum[buckets] = running;
            val[buckets] = micros.highestEquivalentValue(v.getValueIteratedTo());
            buckets++;
        }
        this.cumulative = Arrays.copyOf(cum, buckets);
        this.valueMicros = Arrays.copyOf(val, buckets);
    }

    /** Decodes summary.json's {@code histogram}; throws IllegalArgumentException, with the reason, when it is not one. */
    public static LatencyHistogram decode(String base64) {
        return new LatencyHistogram(HistogramCodec.decode(base64));
    }

    /** A histogram of the given durations (milliseconds), for tests and offline tools. */
    public static LatencyHistogram ofMillis(double... ms) {
        Histogram h = new Histogram(3);
        for (double v : ms) {
            h.recordValue(Math.max(0, Math.round(v * 1000)));
        }
        return new LatencyHistogram(h);
    }

    public long count() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** Nearest-rank percentile {@code q} (0-100) in milliseconds: the value of rank ceil(q/100 x n). */
    public double percentileMs(double q) {
        return quantileMs(q / 100.0);
    }

    /** The value at cumulative share {@code u} (0-1] of the requests: the inverse of the distribution function. */
    public double quantileMs(double u) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.min(n, Math.max(1, (long) Math.ceil(u * n)));
        int i = Arrays.binarySearch(cumulative, rank);
        return valueMicros[i >= 0 ? i : -i - 1] / 1000.0;
    }
}
