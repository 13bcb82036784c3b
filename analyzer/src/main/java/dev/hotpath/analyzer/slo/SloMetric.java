package dev.hotpath.analyzer.slo;

/** What an objective bounds: a latency percentile (ms) or the error rate (0..1). */
public enum SloMetric {
    P50("p50"), P95("p95"), P99("p99"), ERROR_RATE("error rate");

    private final String label;

    SloMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isLatency() {
        return this != ERROR_RATE;
    }
}
