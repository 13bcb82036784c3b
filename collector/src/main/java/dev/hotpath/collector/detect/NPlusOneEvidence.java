package dev.hotpath.collector.detect;

/** Kind-specific evidence of an N+1 finding. Times in milliseconds. */
public record NPlusOneEvidence(String fingerprint, String statement, String dbSystem, RepeatsPerRequest repeatsPerRequest,
                               UnionMs unionMs, boolean sequential, String parentSpanName) {

    public record RepeatsPerRequest(long p50, long max) {
    }

    public record UnionMs(double p50, double p95) {
    }
}
