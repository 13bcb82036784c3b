package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import java.util.ArrayList;
import java.util.List;

/** A detector finding as a hypothesis: its own texts, plus the numbers the run adds around it. */
final class FindingHypothesis {
    private FindingHypothesis() {
    }

    static Hypothesis of(Finding f, Run run) {
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format("%s of %s requests to %s affected (%s); the pattern takes %s of their time (median).",
                Fmt.count(f.requestsAffected()), Fmt.count(f.endpointRequests()), f.endpointName(),
                Fmt.share(f.shareOfRequests()), Fmt.share(f.shareOfRequestTime())));
        evidence.add(String.format("Total time lost %s over the run (%s per minute).", Fmt.ms(f.totalTimeLostMs()),
                Fmt.ms(f.timeLostMsPerMinute())));
        if (f.withPattern() != null) {
            evidence.add(String.format("Latency with the pattern p50 %s, p95 %s, p99 %s%s.", Fmt.ms(f.withPattern().p50()),
                    Fmt.ms(f.withPattern().p95()), Fmt.ms(f.withPattern().p99()),
                    f.withoutPattern() == null ? "; no request of the endpoint ran without it, so there is no in-run control"
                            : String.format("; without it p50 %s, p95 %s, p99 %s", Fmt.ms(f.withoutPattern().p50()),
                            Fmt.ms(f.withoutPattern().p95()), Fmt.ms(f.withoutPattern().p99()))));
        }
        if ("n_plus_one".equals(f.kind()) && f.evidence() != null) {
            evidence.add(String.format("Repeats per request p50 %d, max %d; union of the repeats p50 %s, p95 %s (fingerprint `%s`).",
                    f.evidence().path("repeatsPerRequest").path("p50").asInt(), f.evidence().path("repeatsPerRequest").path("max").asInt(),
                    Fmt.ms(f.evidence().path("unionMs").path("p50").asDouble()), Fmt.ms(f.evidence().path("unionMs").path("p95").asDouble()),
                    f.fingerprint()));
        }
        if (f.spearmanRho() != null) {
            evidence.add(String.format("Spearman rho between repeats and request duration: %.2f.", f.spearmanRho()));
        }
        List<String> exemplars = new ArrayList<>();
        for (String id : f.exemplarTraceIds()) {
            exemplars.add(id + run.trace(id).map(t -> " (" + Fmt.ms(t.durationMs()) + ")").orElse(" (not in traces.jsonl)"));
        }
        if (!exemplars.isEmpty()) {
            evidence.add("Exemplar traces: " + String.join(", ", exemplars) + ".");
        }
        if (!f.codePointers().isEmpty()) {
            evidence.add("Code: `" + f.codePointers().get(0) + "`.");
        }
        List<String> validation = new ArrayList<>(f.validation());
        return new Hypothesis(f.id(), f.kind(), f.title(), f.hypothesis().isEmpty() ? f.summary() : f.hypothesis(), f.endpointName(),
                f.severity(), f.score(), f.confidence(), f.confidenceRationale(), evidence, f.exemplarTraceIds(), f.codePointers(),
                f.fingerprint(), f.statement(), validation, f.quick(), f.medium(), f.longTerm(), f.verification(),
                "finding " + f.id(), f.totalTimeLostMs());
    }

    static boolean resolves(Run run, String traceId) {
        return run.trace(traceId).map(TraceDigest::rootSeen).orElse(false);
    }
}
