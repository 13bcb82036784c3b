package dev.hotpath.collector.detect;

import java.util.List;

/**
 * Kind-specific evidence of a CPU-hotspot finding: execution samples ({@code jdk.ExecutionSample}) taken on the
 * threads of the endpoint's requests while they ran. Times in ms, shares 0..1. On-CPU time is estimated as
 * samples x {@code samplePeriodMs}; the JDK samples at most a few running threads per period, so with many
 * threads on CPU the estimate is low, never high.
 *
 * @param frame                    the hot application frame: the first application frame from the leaf of its samples
 * @param jfrRequests              the endpoint's requests seen in JFR (the population)
 * @param slowThresholdMs          the endpoint's p50: "slow" requests are the slower half
 * @param slowRequestsSampled      slow requests with at least one execution sample
 * @param samples                  execution samples in the slow requests
 * @param frameShareOfSamples      share of those samples whose first application frame is {@code frame}
 * @param onCpuShareSlow           estimated on-CPU time / time of the slow requests
 * @param onCpuShareFast           the same for the faster half
 * @param topFrames                first application frames of the slow requests' samples, most sampled first (up to 5)
 * @param topLeafFrames            the running method itself (self time), most sampled first (up to 5)
 * @param stack                    one sampled stack through {@code frame}, leaf first (up to 12 frames)
 */
public record CpuHotspotEvidence(String frame, double samplePeriodMs, long jfrRequests, double slowThresholdMs,
                                 long slowRequests, long slowRequestsSampled, long samples, double frameShareOfSamples,
                                 double onCpuShareSlow, double onCpuShareFast, List<FrameSamples> topFrames,
                                 List<FrameSamples> topLeafFrames, List<String> stack) {

    /** One frame and how many samples it had ({@code share} of the slow requests' samples). */
    public record FrameSamples(String frame, long samples, double share) {
    }
}
