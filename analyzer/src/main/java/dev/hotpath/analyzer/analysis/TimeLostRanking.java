package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.EndpointStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Endpoints ranked by total time lost = latency x frequency (playbook: normalise by traffic). */
public final class TimeLostRanking {
    private TimeLostRanking() {
    }

    public static List<EndpointTimeLost> rank(List<EndpointStats> endpoints) {
        List<EndpointTimeLost> rows = new ArrayList<>();
        double all = 0;
        for (EndpointStats e : endpoints) {
            all += total(e);
        }
        for (EndpointStats e : endpoints) {
            double t = total(e);
            rows.add(new EndpointTimeLost(e, t, all > 0 ? t / all : 0, e.totalMs() <= 0 && e.count() > 0));
        }
        rows.sort(Comparator.comparingDouble(EndpointTimeLost::totalMs).reversed()
                .thenComparing(r -> r.endpoint().name()));
        return rows;
    }

    private static double total(EndpointStats e) {
        return e.totalMs() > 0 ? e.totalMs() : e.count() * e.p50Ms();
    }
}
