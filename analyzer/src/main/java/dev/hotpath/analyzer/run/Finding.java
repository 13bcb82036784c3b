package dev.hotpath.analyzer.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One line of findings.jsonl, with the fields reports use typed; kind-specific {@code evidence} stays
 * JSON (its shape is per kind, see the findings schema). {@code flameGraph}: the endpoint's flame graph page,
 * relative to the run directory, or null.
 */
public record Finding(String id, String kind, String title, String summary, String severity, int score,
                      String confidence, String confidenceRationale, Double spearmanRho, String service,
                      String method, String route, long requestsAffected, long endpointRequests,
                      double shareOfRequests, double shareOfRequestTime, double totalTimeLostMs,
                      double timeLostMsPerMinute, Percentiles withPattern, Percentiles withoutPattern,
                      JsonNode evidence, List<String> exemplarTraceIds, List<CodePointer> codePointers,
                      String hypothesis, List<String> validation, FixStep quick, FixStep medium, FixStep longTerm,
                      VerificationPlan verification, String flameGraph) {

    public String endpointName() {
        return method + " " + route;
    }

    public Severity severityLevel() {
        return Severity.parse(severity);
    }

    /** The SQL fingerprint the finding is about, or null for kinds without one. */
    public String fingerprint() {
        JsonNode fp = evidence == null ? null : evidence.get("fingerprint");
        return fp == null || fp.isNull() ? null : fp.asText();
    }

    public String statement() {
        JsonNode s = evidence == null ? null : evidence.get("statement");
        return s == null || s.isNull() ? null : s.asText();
    }

    public record Percentiles(double p50, double p95, double p99) {
    }
}
