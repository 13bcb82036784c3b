package dev.hotpath.analyzer.run;

import dev.hotpath.analyzer.slo.RequestPath;

/**
 * One row of summary.json {@code endpoints}: every request, from the agents' histograms (or traces).
 * {@code histogram}: the whole latency distribution, null in runs that did not record it (older collectors).
 */
public record EndpointStats(String service, String method, String route, long count, double rps, double errorRate,
                            double p50Ms, double p95Ms, double p99Ms, double totalMs, String source, LatencyHistogram histogram) {

    public RequestPath path() {
        return RequestPath.of(method);
    }

    /** {@code GET /customers/{id}/orders}: how an endpoint is named everywhere in reports. */
    public String name() {
        return method + " " + route;
    }

    public long errors() {
        return Math.round(errorRate * count);
    }

    public double meanMs() {
        return count == 0 ? 0 : totalMs / count;
    }
}
