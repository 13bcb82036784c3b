package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One bottleneck, quantified and tied to traces and code: one line of findings.jsonl. The JSON
 * shape is published as {@code schema/findings.schema.json}; bump {@link #SCHEMA_VERSION} on any
 * incompatible change.
 *
 * @param evidence   kind-specific, e.g. {@code NPlusOneEvidence}
 * @param flameGraph the endpoint's slow-path flame graph, relative to the run directory (absent without one)
 */
@JsonPropertyOrder({"schemaVersion", "id", "kind", "title", "summary", "severity", "score", "confidence", "service",
        "endpoint", "window", "impact", "evidence", "exemplarTraceIds", "codePointers", "hypothesis", "validation", "fix",
        "verification", "flameGraph"})
public record Finding(
        int schemaVersion,
        String id,
        String kind,
        String title,
        String summary,
        Severity severity,
        int score,
        Confidence confidence,
        String service,
        EndpointRef endpoint,
        Window window,
        Impact impact,
        Object evidence,
        List<String> exemplarTraceIds,
        List<CodePointer> codePointers,
        String hypothesis,
        List<String> validation,
        Fix fix,
        Verification verification,
        @JsonInclude(JsonInclude.Include.NON_NULL) String flameGraph) {

    public static final int SCHEMA_VERSION = 1;

    /** This finding with the flame graph link (relative to the run directory), or without one for null. */
    public Finding withFlameGraph(String link) {
        return new Finding(schemaVersion, id, kind, title, summary, severity, score, confidence, service, endpoint, window,
                impact, evidence, exemplarTraceIds, codePointers, hypothesis, validation, fix, verification, link);
    }

    public record Confidence(ConfidenceLevel level, String rationale, Double spearmanRho) {
    }

    public record EndpointRef(String method, String route, String path) {
    }

    /** ISO-8601 instants. */
    public record Window(String start, String end) {
    }

    public record Impact(long requestsAffected, long endpointRequests, String endpointRequestsSource,
                         double shareOfRequests, double shareOfRequestTime, double totalTimeLostMs,
                         double timeLostMsPerMinute, LatencyComparison latencyMs) {
    }

    /** {@code withoutPattern} is null when every kept request of the endpoint shows the pattern. */
    public record LatencyComparison(Percentiles withPattern, Percentiles withoutPattern) {
    }

    public record Percentiles(double p50, double p95, double p99) {
    }

    public record CodePointer(String function, String file, Integer line) {
    }

    public record Fix(FixStep quick, FixStep medium, @JsonProperty("long") FixStep longTerm) {
    }

    public record FixStep(String action, String risk, String rollback) {
    }

    public record Verification(String metric, String current, String target, String how) {
    }
}
