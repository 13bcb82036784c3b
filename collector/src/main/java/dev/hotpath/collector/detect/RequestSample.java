package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed-size uniform sample of the requests that show a pattern: for the rank correlation between
 * the pattern's size in a request and the request's duration, and for picking exemplar traces.
 */
final class RequestSample {

    /** {@code size}: how much of the pattern the request had (repeats, ms in a dependency, ...). */
    record Observation(String traceId, double size, long durationNanos) {
    }

    private final List<Observation> sample = new ArrayList<>();
    private final int capacity;
    private final SplittableRandom random;
    private long seen;
    private long slowestNanos = -1;
    private String slowestTraceId;

    RequestSample(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new SplittableRandom(seed); // deterministic: same input, same sample, same finding
    }

    void add(String traceId, double size, long durationNanos) {
        seen++;
        if (durationNanos > slowestNanos) {
            slowestNanos = durationNanos;
            slowestTraceId = traceId;
        }
        Observation o = new Observation(traceId, size, durationNanos);
        if (sample.size() < capacity) {
            sample.add(o);
        } else {
            long slot = random.nextLong(seen); // reservoir sampling keeps a uniform sample
            if (slot < capacity) {
                sample.set((int) slot, o);
            }
        }
    }

    int size() {
        return sample.size();
    }

    /** Spearman rho between size and duration; NaN when either never varies. */
    double spearman() {
        double[] x = new double[sample.size()];
        double[] y = new double[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            x[i] = sample.get(i).size();
            y[i] = sample.get(i).durationNanos();
        }
        return RankCorrelation.spearman(x, y);
    }

    /** Requests nearest the p95 and p99 durations, the slowest, then nearest p50 and p90; distinct, up to 5. */
    List<String> exemplars(Finding.Percentiles durations, double p90Ms) {
        List<String> ids = new ArrayList<>();
        double[] targetsMs = {durations.p95(), durations.p99(), Double.POSITIVE_INFINITY, durations.p50(), p90Ms};
        for (double target : targetsMs) {
            String id = target == Double.POSITIVE_INFINITY ? slowestTraceId : nearest(target, ids);
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
            if (ids.size() == 5) {
                break;
            }
        }
        return ids;
    }

    private String nearest(double targetMs, List<String> exclude) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Observation o : sample) {
            double d = Math.abs(o.durationNanos() / 1e6 - targetMs);
            if (d < bestDistance && !exclude.contains(o.traceId())) {
                bestDistance = d;
                best = o.traceId();
            }
        }
        return best;
    }
}
