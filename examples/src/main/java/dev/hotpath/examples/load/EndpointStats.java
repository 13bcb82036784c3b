package dev.hotpath.examples.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live counters and latency recording for one endpoint. Writers (HTTP completion threads) record into a
 * {@link Recorder}; the single reader (the progress ticker, then the final report) folds interval histograms
 * into the run total.
 */
final class EndpointStats {
    static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;

    private final Endpoint endpoint;
    private final String route;
    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private Histogram interval;
    private final Map<String, Long> errorKinds = new TreeMap<>();
    private long scheduled;
    private long sent;
    private long completed;
    private long ok;
    private long errors;
    private long dropped;
    private boolean closed;

    EndpointStats(Endpoint endpoint, String route) {
        this.endpoint = endpoint;
        this.route = route;
    }

    synchronized void scheduled() {
        scheduled++;
    }

    synchronized void dropped() {
        dropped++;
    }

    synchronized void sent() {
        sent++;
    }

    /** Records one finished request; ignored once the run is closed (a late completion after the drain timeout). */
    synchronized void completed(long latencyMicros, String errorKind) {
        if (closed) {
            return;
        }
        recorder.recordValue(Math.max(0, Math.min(latencyMicros, HIGHEST_TRACKABLE_MICROS)));
        completed++;
        if (errorKind == null) {
            ok++;
        } else {
            errors++;
            errorKinds.merge(errorKind, 1L, Long::sum);
        }
    }

    synchronized long sentCount() {
        return sent;
    }

    synchronized long okCount() {
        return ok;
    }

    synchronized long errorCount() {
        return errors;
    }

    synchronized long droppedCount() {
        return dropped;
    }

    /** Moves what was recorded since the last call into the run total; returns that interval (reader thread only). */
    Histogram takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Freezes the counters: requests still outstanding become "unfinished" errors. */
    EndpointResult close(double scheduleSeconds) {
        Histogram snapshot;
        synchronized (this) {
            closed = true;
        }
        takeInterval();
        snapshot = total.copy();
        synchronized (this) {
            long unfinished = sent - completed;
            Map<String, Long> kinds = new TreeMap<>(errorKinds);
            if (unfinished > 0) {
                kinds.put("unfinished at drain timeout", unfinished);
            }
            return EndpointResult.of(endpoint.method(), route, scheduled, sent, completed, ok,
                    errors + unfinished, dropped, unfinished, scheduleSeconds, snapshot, kinds);
        }
    }
}
