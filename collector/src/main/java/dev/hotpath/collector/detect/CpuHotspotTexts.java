package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a CPU-hotspot finding. */
final class CpuHotspotTexts {

    record Facts(Endpoint endpoint, CpuHotspotEvidence e, Finding.CodePointer code, Finding.Impact impact, double p50Ms,
                 double p99Ms, String exemplar) {

        String where() {
            return code == null ? e.frame() : code.function() + (code.line() == null ? "" : ":" + code.line());
        }

        String self() {
            return e.topLeafFrames().isEmpty() ? e.frame() : e.topLeafFrames().get(0).frame();
        }
    }

    private CpuHotspotTexts() {
    }

    static FindingTexts of(Facts f, ConfidenceLevel level, Double rho) {
        String title = String.format(Locale.ROOT, "CPU hotspot on %s: %s of its slow requests' samples are in %s",
                f.endpoint(), pct(f.e().frameShareOfSamples()), f.e().frame());
        String summary = String.format(Locale.ROOT,
                "The slower half of %s (>= %s ms) is on CPU for about %s of its time (the faster half %s), and %s of those execution samples are under %s (hottest running method %s); make that code do less per request.",
                f.endpoint(), num(f.e().slowThresholdMs()), pct(f.e().onCpuShareSlow()), pct(f.e().onCpuShareFast()),
                pct(f.e().frameShareOfSamples()), f.where(), f.self());
        String hypothesis = String.format(Locale.ROOT,
                "Requests to %s are CPU-bound in %s: the time goes to computation, not to waiting (JFR caught the serving threads running Java code in %d samples at %s ms). Latency then scales with the work per request and, once cores are busy, with concurrency; p99 %s ms vs p50 %s ms.",
                f.endpoint(), f.where(), f.e().samples(), num(f.e().samplePeriodMs()), num(f.p99Ms()), num(f.p50Ms()));
        String basis = (rho == null ? "the correlation between CPU time in the frame and latency is undefined"
                : String.format(Locale.ROOT, "Spearman rho between sampled CPU time in the frame and request duration is %.2f", rho))
                + String.format(Locale.ROOT, " over %d requests seen in JFR.", f.e().jfrRequests());
        String rationale = switch (level) {
            case HIGH -> "Request latency tracks the CPU time spent in this frame: " + basis;
            case MEDIUM -> "The slow requests are mostly on CPU in this frame, but it explains latency only partly: " + basis;
            case LOW -> "The frame dominates the samples, but sampled CPU time does not explain latency across requests: " + basis;
        };
        List<String> validation = List.of(
                "Open the endpoint's flame graph (the finding's flameGraph link) and confirm the widest tower goes through " + f.e().frame() + ".",
                String.format(Locale.ROOT, "Open exemplar trace %s: its spans should leave most of the request unexplained by I/O (no DB or HTTP span covering the time).", f.exemplar()),
                "Benchmark " + f.where() + " alone (JMH) with a production-sized input to get its cost per call, then compare with calls per request.",
                "Check CPU utilisation during the run: if the host was saturated, latency also includes run-queue wait that the samples do not show.");
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        "Remove repeated work in " + f.where() + ": cache results that do not change per request, precompile patterns/formatters, hoist invariant work out of loops, avoid re-serialising the same data.",
                        "Low: local change; a cache needs a bound and an invalidation rule.",
                        "Revert the commit."),
                new Finding.FixStep(
                        "Change the algorithm or data structure behind " + f.e().frame() + " (e.g. a map lookup instead of a scan, streaming instead of building large intermediates), guided by a JMH benchmark.",
                        "Medium: behaviour must stay identical; cover it with tests on real inputs.",
                        "Revert the commit; keep the benchmark."),
                new Finding.FixStep(
                        "Precompute the result off the request path (on write, or in a background job) or move the computation to a service with its own CPU budget; scale CPU if the work is inherent.",
                        "Higher: staleness of precomputed data; a new component or more hosts.",
                        "Switch the endpoint back to computing on request via a flag."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "p50/p99 of %s and its on-CPU share in slow requests", f.endpoint()),
                String.format(Locale.ROOT, "p50 %s ms, p99 %s ms; on CPU %s of slow requests' time, %s of samples in %s",
                        num(f.p50Ms()), num(f.p99Ms()), pct(f.e().onCpuShareSlow()), pct(f.e().frameShareOfSamples()), f.e().frame()),
                String.format(Locale.ROOT, "p99 <= %s ms; %s no longer the top frame of the endpoint's samples",
                        num(Math.max(f.p50Ms() * 0.5, f.p99Ms() * (1 - f.e().onCpuShareSlow() * f.e().frameShareOfSamples()))), f.e().frame()),
                "Re-run the same load with the change and compare with `./hotpath diff BEFORE AFTER`; the new flame graph should show the frame's tower shrunk.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
