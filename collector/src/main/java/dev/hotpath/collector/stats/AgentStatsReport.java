package dev.hotpath.collector.stats;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One {@code POST /v1/hotpath/stats} body: interval deltas from one agent (see WIRE.md). */
public record AgentStatsReport(String service, String instance, long intervalStartMs, long intervalEndMs,
                               List<RouteInterval> routes, List<QueryInterval> queries, List<PoolInterval> pools,
                               Map<String, Long> counters, long seq) {

    /** A report without a post number ({@code seq} 0: its counters are taken as they are). */
    public AgentStatsReport(String service, String instance, long intervalStartMs, long intervalEndMs,
                            List<RouteInterval> routes, List<QueryInterval> queries, List<PoolInterval> pools,
                            Map<String, Long> counters) {
        this(service, instance, intervalStartMs, intervalEndMs, routes, queries, pools, counters, 0);
    }

    public record RouteInterval(String method, String route, long count, long errors, long totalNanos, Histogram histogramMicros,
                                List<PoolWait> waits) {
    }

    /** Time this route's requests spent waiting for one pool during the interval. */
    public record PoolWait(String kind, String pool, long count, long totalNanos, long timeouts) {
    }

    /** One pool sampled over the interval: sizes from the last sample, counts as deltas, -1 unknown. */
    public record PoolInterval(String kind, String name, int core, int max, int samples, int samplesAtMax,
                               double activeMean, int activeMax, double pendingMean, int pendingMax, int idle,
                               long completed, long rejected, long timeouts) {
    }

    public record QueryInterval(String fingerprint, String statement, String system, long count, long errors,
                                long totalNanos, Histogram histogramMicros) {
    }
}
