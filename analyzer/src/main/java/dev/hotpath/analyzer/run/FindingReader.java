package dev.hotpath.analyzer.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One findings.jsonl line (schema version 1) -> {@link Finding}. Tolerates absent optional parts. */
final class FindingReader {
    private FindingReader() {
    }

    static Finding read(JsonNode f) {
        JsonNode impact = f.path("impact");
        JsonNode latency = impact.path("latencyMs");
        List<String> exemplars = new ArrayList<>();
        f.path("exemplarTraceIds").forEach(id -> exemplars.add(id.asText()));
        List<CodePointer> code = new ArrayList<>();
        for (JsonNode c : f.path("codePointers")) {
            code.add(new CodePointer(c.path("function").asText(), RunDirectory.text(c, "file"),
                    c.hasNonNull("line") ? c.get("line").asInt() : null));
        }
        List<String> validation = new ArrayList<>();
        f.path("validation").forEach(v -> validation.add(v.asText()));
        JsonNode fix = f.path("fix");
        JsonNode ver = f.path("verification");
        JsonNode conf = f.path("confidence");
        JsonNode rho = conf.get("spearmanRho");
        if (!f.hasNonNull("id") || !f.hasNonNull("kind")) {
            throw new IllegalArgumentException("finding without id or kind");
        }
        return new Finding(f.path("id").asText(), f.path("kind").asText(), f.path("title").asText(), f.path("summary").asText(),
                f.path("severity").asText("info"), f.path("score").asInt(), conf.path("level").asText("low"),
                conf.path("rationale").asText(""), rho == null || rho.isNull() ? null : rho.asDouble(),
                f.path("service").asText(), f.path("endpoint").path("method").asText("-"),
                f.path("endpoint").path("route").asText("/"), impact.path("requestsAffected").asLong(),
                impact.path("endpointRequests").asLong(), impact.path("shareOfRequests").asDouble(),
                impact.path("shareOfRequestTime").asDouble(), impact.path("totalTimeLostMs").asDouble(),
                impact.path("timeLostMsPerMinute").asDouble(), percentiles(latency.path("withPattern")),
                percentiles(latency.path("withoutPattern")), f.path("evidence"), List.copyOf(exemplars), List.copyOf(code),
                f.path("hypothesis").asText(""), List.copyOf(validation), step(fix.path("quick")), step(fix.path("medium")),
                step(fix.path("long")), new VerificationPlan(ver.path("metric").asText(""), ver.path("current").asText(""),
                        ver.path("target").asText(""), ver.path("how").asText("")), flameGraph(f));
    }

    /** Only a relative link inside the run directory's flame/ is followed (the report links it). */
    private static String flameGraph(JsonNode f) {
        String link = RunDirectory.text(f, "flameGraph");
        return link != null && link.matches("flame/[a-z0-9-]+\\.html") ? link : null;
    }

    private static Finding.Percentiles percentiles(JsonNode p) {
        return p.isObject() ? new Finding.Percentiles(p.path("p50").asDouble(), p.path("p95").asDouble(), p.path("p99").asDouble()) : null;
    }

    private static FixStep step(JsonNode s) {
        return s.isObject() ? new FixStep(s.path("action").asText(""), s.path("risk").asText(""), s.path("rollback").asText("")) : null;
    }
}
