package dev.hotpath.collector.stats;

import org.HdrHistogram.Histogram;

/** Count, errors, total time and a latency histogram (microseconds) over an observed window. Not thread-safe. */
public final class LatencyAggregate {
    private final Histogram histogram = new Histogram(3);
    private long count;
    private long errors;
    private long totalNanos;
    private long windowStartMs = Long.MAX_VALUE;
    private long windowEndMs = Long.MIN_VALUE;

    public void addInterval(long count, long errors, long totalNanos, Histogram intervalMicros, long startMs, long endMs) {
        this.count += count;
        this.errors += errors;
        this.totalNanos += totalNanos;
        if (intervalMicros != null) {
            histogram.add(intervalMicros);
        }
        extendWindow(startMs, endMs);
    }

    public void addOne(long durationNanos, boolean error, long startMs, long endMs) {
        count++;
        if (error) {
            errors++;
        }
        totalNanos += durationNanos;
        histogram.recordValue(Math.max(0, durationNanos / 1_000));
        extendWindow(startMs, endMs);
    }

    private void extendWindow(long startMs, long endMs) {
        windowStartMs = Math.min(windowStartMs, startMs);
        windowEndMs = Math.max(windowEndMs, endMs);
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    public long totalNanos() {
        return totalNanos;
    }

    public double errorRate() {
        return count == 0 ? 0 : (double) errors / count;
    }

    /** Requests per second over the window in which this key was observed (at least one second). */
    public double perSecond() {
        if (count == 0) {
            return 0;
        }
        double seconds = Math.max(1.0, (windowEndMs - windowStartMs) / 1000.0);
        return count / seconds;
    }

    /** Percentile in milliseconds, from the histogram; null when nothing was recorded. */
    public Double percentileMs(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The histogram as {@link HistogramCodec} writes it; null when nothing was recorded. */
    public String encodedHistogram() {
        return histogram.getTotalCount() == 0 ? null : HistogramCodec.encode(histogram);
    }

    public double totalMs() {
        return totalNanos / 1e6;
    }

    public double meanMs() {
        return count == 0 ? 0 : totalNanos / 1e6 / count;
    }
}
