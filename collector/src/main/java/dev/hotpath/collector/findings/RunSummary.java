package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hotpath.collector.jfr.JfrTimeSummary;
import dev.hotpath.collector.stats.EndpointSummary;
import dev.hotpath.collector.stats.PoolSummary;
import dev.hotpath.collector.stats.QuerySummary;
import java.util.List;
import java.util.Map;

/**
 * summary.json: the endpoint table, top queries by total time, pools, counters, the observed window, and
 * what JFR measured per endpoint ({@code jfr}, absent when no chunk was received).
 */
public record RunSummary(int schemaVersion, Finding.Window window, double windowSeconds, List<EndpointSummary> endpoints,
                         List<QuerySummary> topQueries, List<PoolSummary> pools, Counters counters, int findings,
                         @JsonInclude(JsonInclude.Include.NON_NULL) JfrTimeSummary jfr) {

    public RunSummary(int schemaVersion, Finding.Window window, double windowSeconds, List<EndpointSummary> endpoints,
                      List<QuerySummary> topQueries, List<PoolSummary> pools, Counters counters, int findings) {
        this(schemaVersion, window, windowSeconds, endpoints, topQueries, pools, counters, findings, null);
    }

    public record Counters(Map<String, Long> collector, Map<String, Long> agent) {
    }
}
