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
 * @param connections  0 for the open model (the plan's arrival schedule); N for a closed loop of N workers
 *                     ({@link ClosedLoopDriver}), whose scheduleSeconds is the measured window after warmupSeconds
 */
public record LoadResult(LoadPlan plan, Instant startedAt, double scheduleSeconds, double elapsedSeconds,
                         List<EndpointResult> endpoints, EndpointResult total, double sendLagP99Ms,
                         double sendLagMaxMs, List<StepResult> steps, int connections, double warmupSeconds) {

    public LoadResult {
        endpoints = List.copyOf(endpoints);
        steps = List.copyOf(steps);
    }

    /** An open-model result: the arrival schedule drove the load. */
    public LoadResult(LoadPlan plan, Instant startedAt, double scheduleSeconds, double elapsedSeconds,
                      List<EndpointResult> endpoints, EndpointResult total, double sendLagP99Ms, double sendLagMaxMs,
                      List<StepResult> steps) {
        this(plan, startedAt, scheduleSeconds, elapsedSeconds, endpoints, total, sendLagP99Ms, sendLagMaxMs, steps, 0, 0);
    }

    public boolean closedLoop() {
        return connections > 0;
    }

    public Optional<EndpointResult> endpoint(Endpoint endpoint) {
        return endpoints.stream()
                .filter(r -> r.method().equals(endpoint.method()) && r.route().equals(endpoint.route()))
                .findFirst();
    }
}
