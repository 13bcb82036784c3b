package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which endpoints run each SQL fingerprint, as seen in kept traces. A top query seen in no request
 * trace ran at startup, in seeding or in background work: not on a user path.
 */
public final class QueryUsage {
    private final Map<String, TreeSet<String>> endpointsByFingerprint = new TreeMap<>();
    private final Map<String, Integer> requestsByFingerprint = new TreeMap<>();
    private final Map<String, Integer> callsByFingerprint = new TreeMap<>();

    public static QueryUsage of(Run run) {
        QueryUsage u = new QueryUsage();
        for (TraceDigest t : run.traces()) {
            t.fingerprintCalls().forEach((fp, n) -> {
                u.endpointsByFingerprint.computeIfAbsent(fp, k -> new TreeSet<>()).add(t.endpointName());
                u.requestsByFingerprint.merge(fp, 1, Integer::sum);
                u.callsByFingerprint.merge(fp, n, Integer::sum);
            });
        }
        return u;
    }

    public List<String> endpoints(String fingerprint) {
        TreeSet<String> s = endpointsByFingerprint.get(fingerprint);
        return s == null ? List.of() : List.copyOf(s);
    }

    public boolean onRequestPath(String fingerprint) {
        return endpointsByFingerprint.containsKey(fingerprint);
    }

    /** Mean calls per kept request that ran it (0 when never seen). */
    public double callsPerRequest(String fingerprint) {
        Integer r = requestsByFingerprint.get(fingerprint);
        return r == null ? 0 : (double) callsByFingerprint.get(fingerprint) / r;
    }
}
