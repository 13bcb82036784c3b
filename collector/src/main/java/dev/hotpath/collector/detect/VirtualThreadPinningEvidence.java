package dev.hotpath.collector.detect;

import java.util.List;

/**
 * Kind-specific evidence of a virtual-thread pinning finding ({@code jdk.VirtualThreadPinned}, JDK 21+). Times in ms.
 *
 * @param frame        first application frame of the pinned stack: where the monitor is held (JDK 21-23) or the
 *                     native/initializer call made; null when the stack has none
 * @param events       pins joined to requests of the endpoint
 * @param jfrRequests  the endpoint's requests seen in JFR (the population)
 * @param stack        the virtual thread's stack at one pin, leaf first (up to 12 frames)
 */
public record VirtualThreadPinningEvidence(String frame, long events, long jfrRequests, double pinnedMsTotal,
                                           PinnedMs pinnedMsPerRequest, List<String> stack) {

    public record PinnedMs(double p50, double p95, double max) {
    }
}
