package dev.hotpath.collector.stats;

/**
 * One row of summary.json's endpoint table. Latencies in milliseconds; null when unknown. {@code histogram}: the
 * endpoint's whole latency distribution (every request the percentiles count), base64 of HdrHistogram's compressed
 * encoding in microseconds, so a run comparison can resample it; null when nothing was recorded.
 */
public record EndpointSummary(String service, String method, String route, String path, long count, double rps,
                              double errorRate, Double p50Ms, Double p95Ms, Double p99Ms, double totalMs, String source,
                              String histogram) {
}
