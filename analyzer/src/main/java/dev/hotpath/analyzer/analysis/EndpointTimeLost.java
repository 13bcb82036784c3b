package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.EndpointStats;

/**
 * Total user time an endpoint consumed in the run: latency x frequency (the sum of its request
 * durations), and its share of all request time. {@code estimated}: summary.json had no total, so
 * count x p50 was used.
 */
public record EndpointTimeLost(EndpointStats endpoint, double totalMs, double share, boolean estimated) {
}
