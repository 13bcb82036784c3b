package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.run.EndpointStats;

/**
 * One endpoint before and after: summary deltas (every request), the bootstrap intervals of p50 and p95 and
 * what they were computed from ({@code basis}; all three null when either side has too little data), and the verdict.
 */
public record EndpointDelta(String endpoint, EndpointStats before, EndpointStats after, LatencySamples.Basis basis,
                            PercentileBootstrap.Interval p50, PercentileBootstrap.Interval p95, double errorRateZ,
                            Verdict verdict, String reason) {
}
