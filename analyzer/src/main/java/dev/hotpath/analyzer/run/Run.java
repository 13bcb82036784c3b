package dev.hotpath.analyzer.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A run directory, read: the collector's summary, findings ranked by score, a digest of every kept
 * trace, and the load driver's view when present. Immutable.
 *
 * @param windowSeconds   run window (first to last observation) from summary.json
 * @param malformedLines  lines of findings.jsonl / traces.jsonl that could not be parsed (skipped, reported as a gap)
 * @param jfr             summary.json {@code jfr}: JFR-measured time per endpoint, null when the run received no JFR
 * @param loadSteps       load.json {@code steps}: the client's view per step of a concurrency sweep (empty without a sweep)
 */
public record Run(String label, String windowStart, String windowEnd, double windowSeconds,
                  List<EndpointStats> endpoints, List<QueryStats> queries, List<Finding> findings,
                  List<TraceDigest> traces, SortedMap<String, Long> collectorCounters,
                  SortedMap<String, Long> agentCounters, List<ClientLatency> clientLatency, LoadPlan loadPlan,
                  List<String> jfrFiles, boolean hasSummary, int malformedLines, List<PoolStats> pools, JfrTime jfr,
                  List<LoadStep> loadSteps) {

    public long totalRequests() {
        return endpoints.stream().mapToLong(EndpointStats::count).sum();
    }

    public double totalMs() {
        return endpoints.stream().mapToDouble(EndpointStats::totalMs).sum();
    }

    public Optional<EndpointStats> endpoint(String method, String route) {
        return endpoints.stream().filter(e -> e.method().equals(method) && e.route().equals(route)).findFirst();
    }

    public List<TraceDigest> tracesOf(String method, String route) {
        List<TraceDigest> out = new ArrayList<>();
        for (TraceDigest t : traces) {
            if (t.method().equals(method) && t.route().equals(route)) {
                out.add(t);
            }
        }
        return out;
    }

    public Optional<TraceDigest> trace(String traceId) {
        return traces.stream().filter(t -> t.traceId().equals(traceId)).findFirst();
    }

    public Optional<ClientLatency> client(String method, String route) {
        return clientLatency.stream().filter(c -> c.method().equals(method) && c.route().equals(route)).findFirst();
    }

    public long agentCounter(String name) {
        return agentCounters.getOrDefault(name, 0L);
    }

    public long collectorCounter(String name) {
        return collectorCounters.getOrDefault(name, 0L);
    }

    /** Services named by endpoints, findings or traces, sorted. */
    public List<String> services() {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        endpoints.forEach(e -> addIfPresent(s, e.service()));
        findings.forEach(f -> addIfPresent(s, f.service()));
        traces.forEach(t -> addIfPresent(s, t.service()));
        return new ArrayList<>(s);
    }

    private static void addIfPresent(java.util.Set<String> s, String v) {
        if (v != null && !v.isBlank()) {
            s.add(v);
        }
    }

    static SortedMap<String, Long> sorted(Map<String, Long> m) {
        return new java.util.TreeMap<>(m);
    }
}
