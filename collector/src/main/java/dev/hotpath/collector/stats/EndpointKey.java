package dev.hotpath.collector.stats;

import dev.hotpath.collector.trace.Endpoint;

/** An endpoint of one service. */
public record EndpointKey(String service, Endpoint endpoint) {
}
