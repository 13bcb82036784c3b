package dev.hotpath.collector.detect;

import dev.hotpath.collector.stats.PoolFigures;
import dev.hotpath.collector.stats.PoolSummary;
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
public record PoolExhaustionEvidence(PoolFigures pool, Wait waiting, List<PoolSummary.EndpointWait> endpoints, ConcurrencySignature concurrency,
                                     double minSaturation, double minWaitShare) {


    /**
     * @param shareOfRequestTime          wait / total time of the requests that waited for this pool, whole run
     * @param shareOfRequestTimeSaturated the same, in the intervals where the pool was saturated
     * @param saturatedIntervals          intervals with at least {@code minSaturation} of samples at max (or with waits
     *                                    >= {@code minWaitShare} of request time when the pool was not sampled)
     */
    public record Wait(long count, double totalMs, double shareOfRequestTime, double shareOfRequestTimeSaturated,
                       int saturatedIntervals, int intervals) {
    }
}
