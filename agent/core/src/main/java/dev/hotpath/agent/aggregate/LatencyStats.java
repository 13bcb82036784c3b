package dev.hotpath.agent.aggregate;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Always-on latency aggregate for one route or one SQL fingerprint: a wait-free HdrHistogram
 * {@link Recorder} (microseconds) written by application threads and drained by the exporter thread
 * into interval snapshots.
 */
public final class LatencyStats {
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int MIN_SAMPLES_FOR_P95 = 50;

    private final Recorder recorder = new Recorder(2);
    private final LongAdder totalNanos = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile long recentP95Nanos = Long.MAX_VALUE;

    // exporter thread only
    private Histogram reuse;
    private Histogram window;
    private long windowStart;

    public void record(long nanos, boolean error) {
        recorder.recordValue(Math.max(1, nanos / 1000));
        totalNanos.add(nanos);
        if (error) {
            errors.increment();
        }
    }

    /** The route's own recent p95, or Long.MAX_VALUE until enough requests were seen. */
    public long recentP95Nanos() {
        return recentP95Nanos;
    }

    /** Exporter thread: takes the interval since the last call and refreshes the recent p95. */
    public Interval drain(long nowNanos) {
        Histogram h = recorder.getIntervalHistogram(reuse);
        reuse = null;
        Interval interval = new Interval(h, totalNanos.sumThenReset(), errors.sumThenReset());
        if (window == null || nowNanos - windowStart > WINDOW_NANOS) {
            if (window != null && window.getTotalCount() >= MIN_SAMPLES_FOR_P95) {
                recentP95Nanos = window.getValueAtPercentile(95) * 1000;
            }
            window = new Histogram(2);
            window.setAutoResize(true);
            windowStart = nowNanos;
        }
        window.add(h);
        if (window.getTotalCount() >= MIN_SAMPLES_FOR_P95) {
            recentP95Nanos = window.getValueAtPercentile(95) * 1000;
        }
        return interval;
    }

    /** Gives the histogram back for reuse once it is encoded. */
    public void recycle(Interval interval) {
        interval.histogram.reset();
        reuse = interval.histogram;
    }

    /** One interval's histogram (microseconds), exact total time, and error count. */
    public record Interval(Histogram histogram, long totalNanos, long errors) {
        public long count() {
            return histogram.getTotalCount();
        }
    }
}
