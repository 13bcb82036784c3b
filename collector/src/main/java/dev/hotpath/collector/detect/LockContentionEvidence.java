package dev.hotpath.collector.detect;

import java.util.List;

/**
 * Kind-specific evidence of a lock-contention finding. Times in ms, shares 0..1.
 *
 * @param lockClass    the monitor's class, or the j.u.c lock class
 * @param waitKinds    JFR event kinds seen: {@code monitor-enter} (synchronized), {@code park} (j.u.c lock)
 * @param events       lock waits joined to requests of the endpoint
 * @param jfrRequests  the endpoint's requests seen in JFR (the population of the shares)
 * @param stack        the blocked thread's stack of one wait, top first (up to 8 frames)
 */
public record LockContentionEvidence(String lockClass, List<String> waitKinds, long events, long jfrRequests,
                                     BlockedMs blockedMsPerRequest, Shares blockedShareOfRequest, Tail tail,
                                     List<String> stack) {

    public record BlockedMs(double p50, double p95, double max) {
    }

    public record Shares(double p50, double p95) {
    }

    /**
     * The link to the tail: endpoint p50/p99 over its JFR-seen requests, and the blocked share of time in
     * its slow requests (>= p90) against its fast ones (<= p50).
     */
    public record Tail(double endpointP50Ms, double endpointP99Ms, double slowThresholdMs, double blockedShareSlow,
                       double blockedShareFast) {
    }
}
