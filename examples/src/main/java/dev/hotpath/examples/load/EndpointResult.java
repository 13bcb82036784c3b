package dev.hotpath.examples.load;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * The outcome for one endpoint (or, with method "ALL", for the whole run). Latency is measured from each request's
 * intended start on the schedule to its completion, so queueing behind a slow server is included.
 *
 * @param scheduled      arrivals the schedule assigned to this endpoint ( = sent + dropped)
 * @param errors         unexpected HTTP status, transport failure, timeout, or unfinished at the drain timeout
 * @param dropped        not sent because max-in-flight was reached
 * @param rps            completed responses per second over the schedule duration
 * @param latencyMicros  all completed requests (successes and errors), microseconds
 */
public record EndpointResult(String method, String route, long scheduled, long sent, long completed, long ok,
                             long errors, long dropped, long unfinished, double rps, double p50Ms, double p95Ms,
                             double p99Ms, double maxMs, Histogram latencyMicros, Map<String, Long> errorKinds) {

    static EndpointResult of(String method, String route, long scheduled, long sent, long completed, long ok,
                             long errors, long dropped, long unfinished, double scheduleSeconds, Histogram latency,
                             Map<String, Long> errorKinds) {
        return new EndpointResult(method, route, scheduled, sent, completed, ok, errors, dropped, unfinished,
                scheduleSeconds > 0 ? completed / scheduleSeconds : 0,
                percentileMs(latency, 50), percentileMs(latency, 95), percentileMs(latency, 99),
                latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0,
                latency, Map.copyOf(errorKinds));
    }

    /** "GET /customers/{id}/orders" */
    public String label() {
        return method + " " + route;
    }

    /** errors / sent (0 when nothing was sent). */
    public double errorRate() {
        return sent == 0 ? 0 : (double) errors / sent;
    }

    private static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
