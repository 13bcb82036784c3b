package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.Finding;
import java.util.List;
import java.util.Locale;

/** The words of an N+1-over-HTTP finding, parameterised with its numbers. */
final class HttpNPlusOneTexts {
    private HttpNPlusOneTexts() {
    }

    static FindingTexts of(DependencyRoute d, RepeatPattern.Assessment a) {
        Finding.CodePointer code = a.code();
        String where = code == null ? "the loop that makes the calls" : code.function();
        String title = String.format(Locale.ROOT, "N+1 over HTTP on %s: %s called %d times per request", a.endpoint(), d,
                a.repeatsP50());
        String summary = String.format(Locale.ROOT,
                "%s calls %s %d times per request (p50, max %d) one after another, spending %s ms (%s of request time) in %s of its requests; fetch the items in one call or in bounded parallel calls.",
                a.endpoint(), d, a.repeatsP50(), a.repeatsMax(), num(a.unionP50Ms()), pct(a.shareOfRequestTime()),
                pct(a.shareOfRequests()));
        String hypothesis = String.format(Locale.ROOT,
                "%s makes one %s round trip to %s per element from %s and waits for each before the next; request time grows with the number of elements times the dependency's latency.",
                a.endpoint(), d.method(), d.authority(), where);
        String rho = a.spearmanRho() == null
                ? "the call count does not vary across requests, so its correlation with latency is undefined"
                : String.format(Locale.ROOT, "Spearman rho between calls per request and request duration is %.2f", a.spearmanRho());
        String rationale = String.format(Locale.ROOT, "%s (%s) over %d sampled affected requests; calls per request p50 %d.",
                a.level().name().toLowerCase(Locale.ROOT) + " confidence", rho, a.sampledRequests(), a.repeatsP50());
        String trace = a.exemplarTraceId() == null ? "an affected trace" : "exemplar trace " + a.exemplarTraceId();
        List<String> validation = List.of(
                String.format(Locale.ROOT,
                        "Open %s and count the http.client spans to %s%s under %s: expect about %d, each starting after the previous one ended.",
                        trace, d.authority(), d.template(), a.parentSpanName() == null ? "one parent" : "'" + a.parentSpanName() + "'",
                        a.repeatsP50()),
                String.format(Locale.ROOT,
                        "Check the dependency's access log or server metrics for %s %s: its request rate should be about %d x the rate of %s.",
                        d.method(), d.template(), a.repeatsP50(), a.endpoint()),
                String.format(Locale.ROOT,
                        "Vary the number of items behind %s (e.g. 5 vs 50) and watch latency and calls per request: both grow linearly for an N+1.",
                        a.endpoint()));
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Call the dependency's batch/bulk endpoint once with all %d ids instead of %s per item (at %s); if it has none, ask its owners for one.",
                                a.repeatsP50(), d, where),
                        "Low to medium: one larger request and response; chunk long id lists and handle partial failures of the batch.",
                        "Switch back to the per-item calls behind a feature flag; no data changes."),
                new Finding.FixStep(
                        "Issue the per-item calls in parallel with a bound (a small dedicated executor or a semaphore, e.g. 4-8 in flight) and a per-call timeout.",
                        "Medium: multiplies the instantaneous load on the dependency and can trip its rate limits; the bound and a bulkhead keep it from exhausting threads or connections.",
                        "Set the parallelism to 1 (sequential) via configuration, or revert."),
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Cache the responses of %s %s per item id with a TTL the data allows, or keep a local read model fed by the dependency's events.",
                                d.method(), d.template()),
                        "Higher: stale data and invalidation bugs; memory; measure hit rate and staleness before rollout (canary 1-5%).",
                        "Disable the cache via its flag; calls go to the dependency again."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "p95 latency of %s and calls per request to %s", a.endpoint(), d),
                String.format(Locale.ROOT, "p95 %s; %d calls per request (p50, max %d)",
                        a.endpointP95Ms() == null ? "unknown" : num(a.endpointP95Ms()) + " ms", a.repeatsP50(), a.repeatsMax()),
                String.format(Locale.ROOT, "<= 2 sequential calls per request to this route; p95 %s",
                        a.targetP95Ms() == null ? "reduced by the calls' share of request time" : "<= " + num(a.targetP95Ms()) + " ms"),
                "Re-run the same load with the fix and compare the run directories with `./hotpath diff BEFORE AFTER`: this finding must be gone and the p95 target met; then canary and watch the dependency's request rate.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
