package dev.hotpath.analyzer.run;

/** One row of summary.json {@code topQueries}: a SQL fingerprint and its latency over the run. */
public record QueryStats(String fingerprint, String statement, String system, long count, long errors, double totalMs,
                         double meanMs, double p50Ms, double p95Ms, double p99Ms, String source) {
}
