package dev.hotpath.analyzer.analysis;

/**
 * Where an endpoint's time went, summed over its kept traces: DB (union of statement spans),
 * connection-pool wait (acquire spans), outbound HTTP, and the rest (app code plus anything not
 * instrumented). {@code traces} 0 means nothing was measured for it.
 */
public record EndpointBreakdown(String method, String route, int traces, double totalMs, double dbMs, double poolWaitMs,
                                double httpMs, double otherMs, double dbCallsP50, double durationP50Ms,
                                String slowestTraceId, double slowestMs) {

    public String name() {
        return method + " " + route;
    }

    public double share(double partMs) {
        return totalMs > 0 ? partMs / totalMs : 0;
    }
}
