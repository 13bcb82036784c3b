package dev.hotpath.analyzer.slo;

import dev.hotpath.analyzer.run.EndpointStats;
import java.util.ArrayList;
import java.util.List;

/** Judges each objective on the run's endpoint table (every request, from the agents' histograms). */
public final class SloEvaluator {
    private SloEvaluator() {
    }

    public static List<SloResult> evaluate(List<EndpointStats> endpoints, SloTargets targets) {
        List<SloResult> out = new ArrayList<>();
        for (SloObjective o : targets.objectives()) {
            out.add(evaluate(endpoints, o));
        }
        return out;
    }

    static SloResult evaluate(List<EndpointStats> endpoints, SloObjective o) {
        List<EndpointStats> onPath = endpoints.stream().filter(e -> e.path() == o.path() && e.count() > 0).toList();
        long requests = onPath.stream().mapToLong(EndpointStats::count).sum();
        if (onPath.isEmpty()) {
            return new SloResult(o, SloStatus.NO_DATA, 0, null, 0, List.of());
        }
        if (o.metric() == SloMetric.ERROR_RATE) {
            long errors = onPath.stream().mapToLong(EndpointStats::errors).sum();
            double rate = (double) errors / requests;
            EndpointStats worst = onPath.stream().max((a, b) -> Double.compare(a.errorRate(), b.errorRate())).orElseThrow();
            List<EndpointStats> breaching = onPath.stream().filter(e -> e.errorRate() >= o.target() && e.errors() > 0).toList();
            return new SloResult(o, rate >= o.target() && errors > 0 ? SloStatus.BREACHED : SloStatus.MET, rate,
                    worst.name(), requests, breaching);
        }
        EndpointStats worst = null;
        List<EndpointStats> breaching = new ArrayList<>();
        for (EndpointStats e : onPath) {
            double v = value(e, o.metric());
            if (worst == null || v > value(worst, o.metric())) {
                worst = e;
            }
            if (v >= o.target()) {
                breaching.add(e);
            }
        }
        return new SloResult(o, breaching.isEmpty() ? SloStatus.MET : SloStatus.BREACHED, value(worst, o.metric()),
                worst.name(), requests, List.copyOf(breaching));
    }

    public static double value(EndpointStats e, SloMetric m) {
        return switch (m) {
            case P50 -> e.p50Ms();
            case P95 -> e.p95Ms();
            case P99 -> e.p99Ms();
            case ERROR_RATE -> e.errorRate();
        };
    }
}
