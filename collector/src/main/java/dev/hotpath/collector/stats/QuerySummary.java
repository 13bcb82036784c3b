package dev.hotpath.collector.stats;

/** One row of summary.json's top queries (by total time). */
public record QuerySummary(String fingerprint, String statement, String system, long count, long errors, double totalMs,
                           double meanMs, Double p50Ms, Double p95Ms, Double p99Ms, String source) {
}
