package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.trace.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The requests the agents' JFR request events report, per endpoint: every request (kept or not), so
 * shares and tails computed from them need no sampling correction. Shared by the JFR detectors.
 */
final class JfrRequests {
    final Map<EndpointKey, List<RequestWindow>> byEndpoint = new LinkedHashMap<>();

    JfrRequests(List<RequestWindow> requests) {
        for (RequestWindow r : requests) {
            byEndpoint.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
        }
    }

    static EndpointKey key(RequestWindow r) {
        return new EndpointKey(r.service(), new Endpoint(r.method() == null ? "_OTHER" : r.method(), r.route() == null ? "/" : r.route()));
    }

    static Histogram durations(List<RequestWindow> requests) {
        Histogram h = new Histogram(3);
        for (RequestWindow r : requests) {
            h.recordValue(Math.max(0, r.durationNanos() / 1000));
        }
        return h;
    }

    static long totalNanos(List<RequestWindow> requests) {
        long t = 0;
        for (RequestWindow r : requests) {
            t += r.durationNanos();
        }
        return t;
    }

    /**
     * Exemplars among {@code affected}: only requests whose trace was kept and has reached the run
     * directory, so every id resolves; nearest p95, p99, the slowest, p50, p90 as for every finding.
     */
    static List<String> exemplars(List<RequestWindow> affected, Map<RequestWindow, Double> size, Set<String> resolvable,
                                  int capacity, long seed) {
        RequestSample sample = new RequestSample(capacity, seed);
        Histogram h = new Histogram(3);
        for (RequestWindow r : affected) {
            if (r.kept() && resolvable.contains(r.traceId())) {
                sample.add(r.traceId(), size.getOrDefault(r, 0.0), r.durationNanos());
                h.recordValue(Math.max(0, r.durationNanos() / 1000));
            }
        }
        if (h.getTotalCount() == 0) {
            return List.of();
        }
        return sample.exemplars(Numbers.percentiles(h), Numbers.ms(h.getValueAtPercentile(90)));
    }

    /** Spearman rho between {@code size} (0 when absent) and duration over the endpoint's requests (every k-th beyond the cap). */
    static double spearman(List<RequestWindow> all, Map<RequestWindow, Double> size, int cap) {
        int step = Math.max(1, (all.size() + cap - 1) / cap);
        int n = (all.size() + step - 1) / step;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0, j = 0; i < all.size() && j < n; i += step, j++) {
            x[j] = size.getOrDefault(all.get(i), 0.0);
            y[j] = all.get(i).durationNanos();
        }
        return RankCorrelation.spearman(x, y);
    }

    static Finding.Percentiles percentilesOrNull(List<RequestWindow> requests) {
        return requests.isEmpty() ? null : Numbers.percentiles(durations(requests));
    }


    /** Bounded memory of trace ids that completed (so exemplars resolve in traces.jsonl). */
    static final class ResolvableTraces {
        private final int max;
        private final Map<String, Boolean> ids;

        ResolvableTraces(int max) {
            this.max = max;
            this.ids = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > ResolvableTraces.this.max;
                }
            };
        }

        synchronized void add(String traceId) {
            ids.put(traceId, Boolean.TRUE);
        }

        synchronized Set<String> snapshot() {
            return Set.copyOf(ids.keySet());
        }
    }

}
