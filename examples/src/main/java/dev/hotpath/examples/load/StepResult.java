package dev.hotpath.examples.load;

import java.util.List;

/** One step of a concurrency sweep: its target rate and each endpoint's client-observed latency in it. */
public record StepResult(int step, double ratePerSecond, List<EndpointStep> endpoints) {

    public record EndpointStep(String method, String route, long count, long errors, double p50Ms, double p95Ms, double p99Ms) {
    }
}
