package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;

/**
 * Kind-specific evidence of a slow-dependency finding. Times in milliseconds, shares 0..1.
 *
 * @param shareOfRequestTime time in the dependency (union of its calls) / request duration, over every kept request of the endpoint
 * @param dominatedRequests  requests where that share was >= {@code minTimeShare} (N+1-over-HTTP requests excluded)
 * @param dominatedShareOfRequests dominated requests / requests, over the base-rate sample when it has at least
 *                           {@code SlowDependencyDetector.MIN_BASE_SAMPLE} requests of the endpoint, else over every kept trace
 * @param shareBasis         {@code base_sample} (unbiased: traces kept because their id fell in the base rate) or
 *                           {@code kept_traces} (biased toward slow requests: too few base-rate traces)
 * @param basisRequests      the denominator of {@code dominatedShareOfRequests}
 * @param callLatencyMs      the dependency's own latency, from its spans on this endpoint
 * @param nPlusOneRequests   requests whose calls to this route were an N+1 (reported by n_plus_one_http, not here)
 */
public record SlowDependencyEvidence(DependencyRoute dependency, ShareOfRequestTime shareOfRequestTime, double minTimeShare,
                                     long dominatedRequests, double dominatedShareOfRequests, String shareBasis,
                                     long basisRequests, long calls,
                                     Finding.Percentiles callLatencyMs, Errors errors, Retries retries, long nPlusOneRequests) {

    public record ShareOfRequestTime(double p50, double p95) {
    }

    /** Calls that failed: {@code error.type} present, span status error, or status >= 500; timeouts by error type. */
    public record Errors(long count, long timeouts, double rate) {
    }

    /** Calls to the same route made right after a failed one in the same request: retries that amplify load. */
    public record Retries(long afterError, long requestsWithRetries) {
    }
}
