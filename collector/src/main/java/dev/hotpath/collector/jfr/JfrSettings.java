package dev.hotpath.collector.jfr;

/**
 * JFR intake bounds and the JFR detectors' thresholds (defaults and meaning in collector/README.md).
 *
 * @param maxBodyBytes         upload limit of one chunk (413 beyond)
 * @param maxStoreBytes        disk bound of {@code <out>/jfr/}; the oldest chunks are deleted beyond it (counted)
 * @param maxRequests          request windows kept in memory for the join
 * @param maxEvents            lock waits and GC pauses kept in memory
 * @param lockMinRequests      affected requests needed for a lock-contention finding
 * @param lockMinTimeShare     blocked time / the endpoint's request time (JFR-seen requests) needed for a finding
 * @param gcMinRequests        slow requests overlapping a pause needed for a GC finding
 * @param gcMinSlowPauseShare  pause time / slow requests' time needed for a GC finding
 * @param cpuSamplePeriodMs    the agents' execution-sample period ({@code jfr.sample.ms}): one sample stands for this much CPU
 * @param cpuMinRequests       slow requests with execution samples needed for a CPU-hotspot finding
 * @param cpuMinSamples        execution samples in the slow requests needed for a CPU-hotspot finding
 * @param cpuMinOnCpuShare     estimated on-CPU time / slow requests' time needed for a CPU-hotspot finding
 * @param cpuMinFrameShare     share of those samples under one application frame needed for a CPU-hotspot finding
 * @param pinMinRequests       requests with a virtual-thread pin (per endpoint and frame) needed for a pinning finding
 */
public record JfrSettings(long maxBodyBytes, long maxStoreBytes, int maxRequests, int maxEvents, int lockMinRequests,
                          double lockMinTimeShare, int gcMinRequests, double gcMinSlowPauseShare, int cpuSamplePeriodMs,
                          int cpuMinRequests, int cpuMinSamples, double cpuMinOnCpuShare, double cpuMinFrameShare,
                          int pinMinRequests) {

    /** The CPU and pinning thresholds at their defaults. */
    public JfrSettings(long maxBodyBytes, long maxStoreBytes, int maxRequests, int maxEvents, int lockMinRequests,
                       double lockMinTimeShare, int gcMinRequests, double gcMinSlowPauseShare) {
        this(maxBodyBytes, maxStoreBytes, maxRequests, maxEvents, lockMinRequests, lockMinTimeShare, gcMinRequests,
                gcMinSlowPauseShare, 20, 3, 20, 0.3, 0.5, 3);
    }

    public JfrSettings {
        if (maxBodyBytes <= 0 || maxStoreBytes < 0 || maxRequests < 0 || maxEvents < 0 || lockMinRequests < 1 || gcMinRequests < 1
                || cpuSamplePeriodMs < 1 || cpuMinRequests < 1 || cpuMinSamples < 1 || pinMinRequests < 1) {
            throw new IllegalArgumentException("JFR limits must be positive");
        }
        if (!share(lockMinTimeShare) || !share(gcMinSlowPauseShare) || !share(cpuMinOnCpuShare) || !share(cpuMinFrameShare)) {
            throw new IllegalArgumentException("JFR shares must be within 0..1");
        }
    }

    private static boolean share(double v) {
        return v >= 0 && v <= 1;
    }

    public static JfrSettings defaults() {
        return new JfrSettings(64L << 20, 1L << 30, 1_000_000, 1_000_000, 3, 0.05, 3, 0.1);
    }
}
