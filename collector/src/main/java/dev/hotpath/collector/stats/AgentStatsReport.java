package dev.hotpath.collector.stats;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One {@code POST /v1/hotpath/stats} body: interval deltas from one agent (see WIRE.md). */
public record AgentStatsReport(String service, String instance, long intervalStartMs, long intervalEndMs,
                               List<RouteInterval> routes, List<QueryInterval> queries, Map<String, Long> counters) {

    public record RouteInterval(String method, String route, long count, long errors, long totalNanos, Histogram histogramMicros) {
    }

    public record QueryInterval(String fingerprint, String statement, String system, long count, long errors,
                                long totalNanos, Histogram histogramMicros) {
    }
}
