package dev.hotpath.collector.stats;

/** One row of summary.json's endpoint table. Latencies in milliseconds; null when unknown. */
public record EndpointSummary(String service, String method, String route, String path, long count, double rps,
                              double errorRate, Double p50Ms, Double p95Ms, Double p99Ms, double totalMs, String source) {
}
