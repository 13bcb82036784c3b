package dev.hotpath.collector.detect;

import java.util.List;

/**
 * Kind-specific evidence of a pool-exhaustion finding. Times in milliseconds, shares 0..1.
 *
 * @param pool        the pool as its samples saw it (null figures: the pool was never sampled, e.g. a
 *                    DataSource hotpath cannot read; the waits alone are then the evidence)
 * @param waiting     time requests spent waiting for the pool, over the whole run and in saturated intervals
 * @param endpoints   every endpoint that waited for the pool, most waiting first
 * @param concurrency latency and wait share of the finding's endpoint against concurrency
 */
public record PoolExhaustionEvidence(Pool pool, Wait waiting, List<EndpointWait> endpoints, ConcurrencySignature concurrency,
                                     double minSaturation, double minWaitShare) {

    /**
     * @param shareOfSamplesAtMax samples with active >= max / all samples
     * @param holdTimeMs          mean time a connection or thread is held per acquire or task, by Little's law
     *                            (mean active / acquires per second)
     * @param peakDemand          the highest interval's mean active + pending: how many the pool was asked for at once
     * @param suggestedMaxSize    peak demand at 70% utilisation (before any capacity check of what lies behind the pool)
     */
    public record Pool(String kind, String name, Integer maxSize, Integer coreSize, long samples, Double shareOfSamplesAtMax,
                       Double activeMean, Double pendingMean, Integer pendingMax, long timeouts, long rejections,
                       Double acquiresPerSecond, Double holdTimeMs, Double peakDemand, Integer suggestedMaxSize) {
    }

    /**
     * @param shareOfRequestTime          wait / total time of the requests that waited for this pool, whole run
     * @param shareOfRequestTimeSaturated the same, in the intervals where the pool was saturated
     * @param saturatedIntervals          intervals with at least {@code minSaturation} of samples at max (or with waits
     *                                    >= {@code minWaitShare} of request time when the pool was not sampled)
     */
    public record Wait(long count, double totalMs, double shareOfRequestTime, double shareOfRequestTimeSaturated,
                       int saturatedIntervals, int intervals) {
    }

    public record EndpointWait(String method, String route, long requests, long waits, double waitMs, double shareOfRequestTime) {
    }
}
