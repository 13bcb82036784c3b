package dev.hotpath.analyzer.slo;

import dev.hotpath.analyzer.run.EndpointStats;
import java.util.List;

/**
 * One objective judged on a run. Latency: {@code measured} is the path's worst endpoint (summary.json
 * has per-endpoint percentiles, not a merged histogram per path), {@code breaching} every endpoint at or
 * over target. Error rate: errors over requests of the whole path.
 */
public record SloResult(SloObjective objective, SloStatus status, double measured, String worstEndpoint, long requests,
                        List<EndpointStats> breaching) {
}
