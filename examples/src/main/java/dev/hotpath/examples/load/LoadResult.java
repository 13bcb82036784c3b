package dev.hotpath.examples.load;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run: one row per endpoint in the mix plus the run total.
 *
 * @param sendLagP99Ms how late the driver handed requests to the HTTP client, relative to the schedule (p99, max);
 *                     large values mean the load machine itself was struggling
 * @param steps        per step of a concurrency sweep (empty for a single-rate run)
 */
public record LoadResult(LoadPlan plan, Instant startedAt, double scheduleSeconds, double elapsedSeconds,
                         List<EndpointResult> endpoints, EndpointResult total, double sendLagP99Ms,
                         double sendLagMaxMs, List<StepResult> steps) {

    public LoadResult {
        endpoints = List.copyOf(endpoints);
        steps = List.copyOf(steps);
    }

    public Optional<EndpointResult> endpoint(Endpoint endpoint) {
        return endpoints.stream()
                .filter(r -> r.method().equals(endpoint.method()) && r.route().equals(endpoint.route()))
                .findFirst();
    }
}
