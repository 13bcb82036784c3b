package dev.hotpath.collector.findings;

import dev.hotpath.collector.stats.EndpointSummary;
import dev.hotpath.collector.stats.PoolSummary;
import dev.hotpath.collector.stats.QuerySummary;
import java.util.List;
import java.util.Map;

/** summary.json: the endpoint table, top queries by total time, pools, counters and the observed window. */
public record RunSummary(int schemaVersion, Finding.Window window, double windowSeconds, List<EndpointSummary> endpoints,
                         List<QuerySummary> topQueries, List<PoolSummary> pools, Counters counters, int findings) {

    public record Counters(Map<String, Long> collector, Map<String, Long> agent) {
    }
}
