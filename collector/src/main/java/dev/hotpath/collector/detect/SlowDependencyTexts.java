package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a slow-dependency finding, parameterised with its numbers. */
final class SlowDependencyTexts {

    record Facts(Endpoint endpoint, DependencyRoute dependency, SlowDependencyEvidence e, boolean slow, boolean failing,
                 long affected, String exemplarTraceId, Finding.CodePointer code, Double endpointP95Ms, Double targetP95Ms,
                 Double spearmanRho, int sampledRequests, ConfidenceLevel level) {
    }

    private SlowDependencyTexts() {
    }

    static FindingTexts of(Facts f) {
        SlowDependencyEvidence e = f.e();
        DependencyRoute d = f.dependency();
        String where = f.code() == null ? "the client call" : f.code().function();
        String what = f.slow()
                ? String.format(Locale.ROOT, "takes %s of request time (p50; p95 %s) and at least %s in %s of %s",
                pct(e.shareOfRequestTime().p50()), pct(e.shareOfRequestTime().p95()), pct(e.minTimeShare()),
                pct(e.dominatedShareOfRequests()), "base_sample".equals(e.shareBasis()) ? "requests (base-rate sample)"
                        : "kept requests (too few base-rate traces: biased toward slow ones)")
                : String.format(Locale.ROOT, "fails %s of its calls (%d errors, %d timeouts)", pct(e.errors().rate()),
                e.errors().count(), e.errors().timeouts());
        String title = String.format(Locale.ROOT, "Slow dependency on %s: %s %s", f.endpoint(), d,
                f.slow() ? "dominates request time" : "fails");
        String summary = String.format(Locale.ROOT,
                "On %s, %s %s (call p95 %s ms, p99 %s ms, error rate %s); bound it with a timeout and take it off the critical path.",
                f.endpoint(), d, what, num(e.callLatencyMs().p95()), num(e.callLatencyMs().p99()), pct(e.errors().rate()));
        String hypothesis = String.format(Locale.ROOT,
                "%s waits synchronously on %s at %s; the dependency's latency%s becomes the endpoint's latency%s.",
                f.endpoint(), d.authority(), where, f.failing() ? " and failures" : "",
                e.retries().afterError() > 0 ? ", and retries after errors add load to a dependency that is already struggling" : "");
        String rho = f.spearmanRho() == null ? "undefined (no variation)" : String.format(Locale.ROOT, "%.2f", f.spearmanRho());
        String rationale = String.format(Locale.ROOT,
                "Spearman rho between time in %s and request duration is %s over %d sampled affected requests; %d calls measured.",
                d.authority(), rho, f.sampledRequests(), e.calls());
        String trace = f.exemplarTraceId() == null ? "an affected trace" : "exemplar trace " + f.exemplarTraceId();
        List<String> validation = List.of(
                String.format(Locale.ROOT, "Open %s: the http.client spans to %s%s should cover most of the request's duration.",
                        trace, d.authority(), d.template()),
                String.format(Locale.ROOT,
                        "Compare with the dependency's own server-side latency and error metrics for %s %s: if they match (p95 ~%s ms), the time is in the dependency; if far lower, look at the network, DNS or the client's connection pool.",
                        d.method(), d.template(), num(e.callLatencyMs().p95())),
                "Check the client's timeout, retry and circuit-breaker settings for this dependency and its logs for timeouts and retries.");
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Set connect and read timeouts on the calls to %s just above its p99 (%s ms), cap retries (at most 1, with backoff and jitter, only for idempotent calls) and degrade gracefully on timeout (default or cached value, partial response).",
                                d.authority(), num(e.callLatencyMs().p99())),
                        "Low to medium: a timeout set too low turns slow successes into errors; watch the error rate of the endpoint after the change.",
                        "Restore the previous timeout and retry configuration (configuration-only change)."),
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Cache the responses of %s %s where the data allows (TTL, stale-while-revalidate), and add a circuit breaker so a failing dependency is skipped instead of waited on.",
                                d.method(), d.template()),
                        "Medium: stale data and invalidation bugs; a breaker that opens too eagerly hides a healthy dependency; measure hit rate and breaker state.",
                        "Disable the cache / breaker via their flags; calls go straight to the dependency again."),
                new Finding.FixStep(
                        "Take the call off the critical path: make it asynchronous (queue or event) where the response is not needed to answer, or send hedged requests for idempotent reads to cut the tail.",
                        "Higher: async changes consistency and needs idempotency and monitoring of the backlog; hedging adds load to the dependency (bound it to the p95 tail).",
                        "Route back to the synchronous path via a flag; drain the queue before removing the worker."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "p95 latency of %s, its share of request time in %s, and the call error rate", f.endpoint(), d),
                String.format(Locale.ROOT, "endpoint p95 %s; dependency share of request time p50 %s, p95 %s; call p95 %s ms; error rate %s",
                        f.endpointP95Ms() == null ? "unknown" : num(f.endpointP95Ms()) + " ms", pct(e.shareOfRequestTime().p50()),
                        pct(e.shareOfRequestTime().p95()), num(e.callLatencyMs().p95()), pct(e.errors().rate())),
                String.format(Locale.ROOT, "dependency share of request time below %s in at least %s of requests; error rate < 1%%; endpoint p95 %s",
                        pct(e.minTimeShare()), pct(1 - 0.2), f.targetP95Ms() == null ? "reduced" : "<= " + num(f.targetP95Ms()) + " ms"),
                "Re-run the same load (also with the dependency slowed down or failing, to see the timeout and fallback work) and compare with `./hotpath diff BEFORE AFTER`: this finding must be gone; then canary and watch the same metrics.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
