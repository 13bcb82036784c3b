package dev.hotpath.analyzer.run;

import java.util.Map;
import java.util.Set;

/**
 * What reports need from one kept trace, computed while streaming traces.jsonl so a large file is
 * never held in memory: identity, root duration, and the measured parts of its time.
 *
 * @param dbNanos       union of the DB spans' intervals inside the request (overlaps counted once)
 * @param poolWaitNanos union of the connection-acquire spans' intervals
 * @param httpNanos     union of outbound HTTP client spans' intervals
 * @param otherNanos    request time covered by none of the above (app code, and whatever was not measured)
 * @param routeTemplated true when the root span carried {@code http.route}; false when the route is a normalised path
 * @param serverAttributes attribute keys present on the server span (to spot missing span attributes)
 * @param fingerprintCalls DB calls per SQL fingerprint in this request
 */
public record TraceDigest(String traceId, String service, String method, String route, long startEpochNanos,
                          long durationNanos, boolean error, boolean rootSeen, boolean hasServerSpan,
                          boolean routeTemplated, int spanCount, int spansDropped, String keepReason,
                          long dbNanos, long poolWaitNanos, long httpNanos, long otherNanos, int dbCalls,
                          Set<String> serverAttributes, Map<String, Integer> fingerprintCalls) {

    public String endpointName() {
        return method + " " + route;
    }

    public double durationMs() {
        return durationNanos / 1e6;
    }
}
