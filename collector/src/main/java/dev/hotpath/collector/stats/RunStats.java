package dev.hotpath.collector.stats;

import dev.hotpath.collector.trace.Endpoint;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-endpoint and per-SQL-fingerprint statistics of a run. Agent aggregates (exact: every request)
 * win; endpoints and queries the agents never reported (foreign SDKs) are derived from completed
 * traces. The number of keys is bounded; keys beyond the bound are shed and counted.
 * Thread-safe (synchronized; called from ingest threads and the flush thread).
 */
public final class RunStats {
    /** Per-interval rows kept for time-series detectors (a 1 s interval: over an hour of a busy service). */
    static final int MAX_WINDOWS = 200_000;
    private final int maxKeys;
    private final CollectorCounters counters;
    private final CounterDeliveries deliveries;
    private final Map<EndpointKey, LatencyAggregate> agentEndpoints = new HashMap<>();
    private final Map<EndpointKey, LatencyAggregate> traceEndpoints = new HashMap<>();
    private final Map<String, QueryAggregate> agentQueries = new HashMap<>();
    private final Map<String, QueryAggregate> traceQueries = new HashMap<>();
    private final List<RouteWindow> routeWindows = new ArrayList<>();
    private final List<PoolWindow> poolWindows = new ArrayList<>();
    private long windowStartMs = Long.MAX_VALUE;
    private long windowEndMs = Long.MIN_VALUE;

    public RunStats(int maxKeys, CollectorCounters counters) {
        this.maxKeys = maxKeys;
        this.counters = counters;
        this.deliveries = new CounterDeliveries(maxKeys, counters);
    }

    public synchronized void addAgentReport(AgentStatsReport r) {
        extend(r.intervalStartMs(), r.intervalEndMs());
        for (AgentStatsReport.RouteInterval ri : r.routes()) {
            EndpointKey key = new EndpointKey(r.service(), new Endpoint(ri.method(), ri.route()));
            LatencyAggregate agg = bounded(agentEndpoints, key, "stats.shed.endpoints");
            if (agg != null) {
                agg.addInterval(ri.count(), ri.errors(), ri.totalNanos(), ri.histogramMicros(), r.intervalStartMs(), r.intervalEndMs());
            }
            Double p95 = ri.histogramMicros() == null || ri.histogramMicros().getTotalCount() == 0 ? null
                    : ri.histogramMicros().getValueAtPercentile(95) / 1000.0;
            boundedAdd(routeWindows, new RouteWindow(key, r.instance(), r.intervalStartMs(), r.intervalEndMs(), ri.count(),
                    ri.totalNanos(), p95, ri.waits()), "stats.shed.route_windows");
        }
        for (AgentStatsReport.PoolInterval pi : r.pools()) {
            boundedAdd(poolWindows, new PoolWindow(r.service(), r.instance(), r.intervalStartMs(), r.intervalEndMs(), pi),
                    "stats.shed.pool_windows");
        }
        for (AgentStatsReport.QueryInterval qi : r.queries()) {
            QueryAggregate q = boundedQuery(agentQueries, qi.fingerprint());
            if (q != null) {
                q.describe(qi.statement(), qi.system());
                q.latency.addInterval(qi.count(), qi.errors(), qi.totalNanos(), qi.histogramMicros(), r.intervalStartMs(), r.intervalEndMs());
            }
        }
        deliveries.newPart(r.instance(), r.seq(), r.counters()).forEach(counters::addAgent);
    }

    public synchronized void addTrace(Trace t) {
        long startMs = t.startEpochNanos() / 1_000_000;
        long endMs = (t.startEpochNanos() + t.durationNanos()) / 1_000_000;
        extend(startMs, endMs);
        LatencyAggregate agg = bounded(traceEndpoints, new EndpointKey(t.service(), t.endpoint()), "stats.shed.endpoints");
        if (agg != null) {
            agg.addOne(t.durationNanos(), t.error(), startMs, endMs);
        }
        for (Span s : t.spans()) {
            if (s.isDb() && s.fingerprint() != null) {
                QueryAggregate q = boundedQuery(traceQueries, s.fingerprint());
                if (q != null) {
                    q.describe(s.statement(), s.dbSystem());
                    q.latency.addOne(s.durationNanos(), s.error(), s.startEpochNanos() / 1_000_000, s.endEpochNanos() / 1_000_000);
                }
            }
        }
    }

    /** Every endpoint's per-interval figures, in arrival order. */
    public synchronized List<RouteWindow> routeWindows() {
        return new ArrayList<>(routeWindows);
    }

    /** Every sampled pool's per-interval figures, in arrival order. */
    public synchronized List<PoolWindow> poolWindows() {
        return new ArrayList<>(poolWindows);
    }

    private <T> void boundedAdd(List<T> list, T item, String shedCounter) {
        if (list.size() >= MAX_WINDOWS) {
            counters.increment(shedCounter);
            return;
        }
        list.add(item);
    }

    /** Requests to the endpoint: the agents' exact count when they reported it, else completed traces. */
    public synchronized EndpointVolume volume(EndpointKey key) {
        LatencyAggregate a = agentEndpoints.get(key);
        if (a != null && a.count() > 0) {
            return new EndpointVolume(a.count(), a.totalNanos(), a.percentileMs(95), "agent-stats");
        }
        LatencyAggregate t = traceEndpoints.get(key);
        return t == null ? new EndpointVolume(0, 0, null, "traces")
                : new EndpointVolume(t.count(), t.totalNanos(), t.percentileMs(95), "traces");
    }

    /** How much traffic an endpoint saw; {@code p95Ms} null when unknown. */
    public record EndpointVolume(long requests, long totalNanos, Double p95Ms, String source) {
    }

    public synchronized RunWindow window(long fallbackMs) {
        return windowStartMs == Long.MAX_VALUE ? new RunWindow(fallbackMs, fallbackMs) : new RunWindow(windowStartMs, windowEndMs);
    }

    /** Endpoint table, heaviest (total time) first. */
    public synchronized List<EndpointSummary> endpoints() {
        List<EndpointSummary> out = new ArrayList<>();
        agentEndpoints.forEach((k, v) -> out.add(endpointRow(k, v, "agent-stats")));
        traceEndpoints.forEach((k, v) -> {
            if (!agentEndpoints.containsKey(k)) {
                out.add(endpointRow(k, v, "traces"));
            }
        });
        out.sort(Comparator.comparingDouble(EndpointSummary::totalMs).reversed()
                .thenComparing(EndpointSummary::route).thenComparing(EndpointSummary::method));
        return out;
    }

    /** Top SQL fingerprints by total time. */
    public synchronized List<QuerySummary> topQueries(int limit) {
        List<QuerySummary> out = new ArrayList<>();
        agentQueries.forEach((k, v) -> out.add(queryRow(k, v, "agent-stats")));
        traceQueries.forEach((k, v) -> {
            if (!agentQueries.containsKey(k)) {
                out.add(queryRow(k, v, "traces"));
            }
        });
        out.sort(Comparator.comparingDouble(QuerySummary::totalMs).reversed().thenComparing(QuerySummary::fingerprint));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static EndpointSummary endpointRow(EndpointKey k, LatencyAggregate v, String source) {
        return new EndpointSummary(k.service(), k.endpoint().method(), k.endpoint().route(), k.endpoint().path(),
                v.count(), round3(v.perSecond()), round6(v.errorRate()), v.percentileMs(50), v.percentileMs(95),
                v.percentileMs(99), round3(v.totalMs()), source, v.encodedHistogram());
    }

    private static QuerySummary queryRow(String fp, QueryAggregate q, String source) {
        LatencyAggregate v = q.latency;
        return new QuerySummary(fp, q.statement, q.system, v.count(), v.errors(), round3(v.totalMs()), round3(v.meanMs()),
                v.percentileMs(50), v.percentileMs(95), v.percentileMs(99), source);
    }

    private void extend(long startMs, long endMs) {
        windowStartMs = Math.min(windowStartMs, startMs);
        windowEndMs = Math.max(windowEndMs, Math.max(startMs, endMs));
    }

    private LatencyAggregate bounded(Map<EndpointKey, LatencyAggregate> m, EndpointKey key, String shedCounter) {
        LatencyAggregate a = m.get(key);
        if (a == null) {
            if (m.size() >= maxKeys) {
                counters.increment(shedCounter);
                return null;
            }
            a = new LatencyAggregate();
            m.put(key, a);
        }
        return a;
    }

    private QueryAggregate boundedQuery(Map<String, QueryAggregate> m, String fingerprint) {
        QueryAggregate q = m.get(fingerprint);
        if (q == null) {
            if (m.size() >= maxKeys) {
                counters.increment("stats.shed.queries");
                return null;
            }
            q = new QueryAggregate();
            m.put(fingerprint, q);
        }
        return q;
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static double round6(double v) {
        return Math.round(v * 1_000_000.0) / 1_000_000.0;
    }

    private static final class QueryAggregate {
        final LatencyAggregate latency = new LatencyAggregate();
        String statement;
        String system;

        void describe(String statement, String system) {
            if (this.statement == null && statement != null) {
                this.statement = statement;
            }
            if (this.system == null && system != null) {
                this.system = system;
            }
        }
    }
}
