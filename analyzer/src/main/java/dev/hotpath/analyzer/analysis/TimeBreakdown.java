package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-endpoint time breakdown from kept traces, in endpoint-table order (trace-only endpoints last). */
public final class TimeBreakdown {
    private TimeBreakdown() {
    }

    public static List<EndpointBreakdown> compute(Run run) {
        Map<String, List<TraceDigest>> byEndpoint = new LinkedHashMap<>();
        for (EndpointStats e : run.endpoints()) {
            byEndpoint.put(e.name(), new ArrayList<>());
        }
        for (TraceDigest t : run.traces()) {
            byEndpoint.computeIfAbsent(t.endpointName(), k -> new ArrayList<>()).add(t);
        }
        List<EndpointBreakdown> out = new ArrayList<>();
        for (Map.Entry<String, List<TraceDigest>> e : byEndpoint.entrySet()) {
            out.add(of(e.getKey(), e.getValue()));
        }
        return out;
    }

    static EndpointBreakdown of(String name, List<TraceDigest> traces) {
        int space = name.indexOf(' ');
        String method = name.substring(0, space);
        String route = name.substring(space + 1);
        double total = 0, db = 0, pool = 0, http = 0, other = 0;
        double[] calls = new double[traces.size()];
        double[] durations = new double[traces.size()];
        TraceDigest slowest = null;
        for (int i = 0; i < traces.size(); i++) {
            TraceDigest t = traces.get(i);
            total += t.durationNanos() / 1e6;
            db += t.dbNanos() / 1e6;
            pool += t.poolWaitNanos() / 1e6;
            http += t.httpNanos() / 1e6;
            other += t.otherNanos() / 1e6;
            calls[i] = t.dbCalls();
            durations[i] = t.durationMs();
            if (slowest == null || t.durationNanos() > slowest.durationNanos()) {
                slowest = t;
            }
        }
        return new EndpointBreakdown(method, route, traces.size(), total, db, pool, http, other,
                traces.isEmpty() ? 0 : Percentile.of(calls, 50), traces.isEmpty() ? 0 : Percentile.of(durations, 50),
                slowest == null ? null : slowest.traceId(), slowest == null ? 0 : slowest.durationMs());
    }
}
