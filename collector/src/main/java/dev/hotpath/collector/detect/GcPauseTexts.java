package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a GC-pause finding. */
final class GcPauseTexts {

    record Facts(Endpoint endpoint, GcPauseEvidence e, Finding.Impact impact, double p50Ms, double p99Ms, String exemplar) {
    }

    private GcPauseTexts() {
    }

    static FindingTexts of(Facts f, ConfidenceLevel level, Double rho) {
        String title = String.format(Locale.ROOT, "GC pauses on slow requests of %s: %s of their time is stop-the-world",
                f.endpoint(), pct(f.e().slow().pauseShareOfTime()));
        String summary = String.format(Locale.ROOT,
                "%d GC pauses (longest %s ms) overlapped %s of the slow requests (>= %s ms) of %s and %s of the fast ones, %s of the slow requests' time; reduce allocation on the hot path or tune the collector for pause time.",
                f.e().pauses(), num(f.e().longestPauseMs()), pct(f.e().slow().shareWithPause()), num(f.e().slowThresholdMs()),
                f.endpoint(), pct(f.e().fast().shareWithPause()), pct(f.e().slow().pauseShareOfTime()));
        String hypothesis = String.format(Locale.ROOT,
                "The JVM serving %s stops for garbage collection while requests are in flight; requests that overlap a pause wait for it, which stretches the tail (p99 %s ms vs p50 %s ms). Allocation rate (this endpoint's or a neighbour's) drives the pause frequency.",
                f.endpoint(), num(f.p99Ms()), num(f.p50Ms()));
        String basis = (rho == null ? "the correlation between pause time and latency is undefined"
                : String.format(Locale.ROOT, "Spearman rho between pause time in a request and its duration is %.2f", rho))
                + String.format(Locale.ROOT, " over %d requests seen in JFR.", f.e().jfrRequests());
        String rationale = switch (level) {
            case HIGH -> "Request latency tracks the pause time inside requests: " + basis;
            case MEDIUM -> "Pauses fall on slow requests more than on fast ones, but explain latency only partly: " + basis;
            case LOW -> "Pauses overlap requests but do not explain latency across them: " + basis;
        };
        List<String> validation = List.of(
                "Check the GC log (-Xlog:gc) or the JFR chunks in <run>/jfr/ (jdk.GarbageCollection, jdk.GCPhasePause, jdk.GCHeapSummary) for pause times and the allocation rate during the run.",
                String.format(Locale.ROOT, "Open exemplar trace %s: its duration should include a pause at the time the GC log shows one.", f.exemplar()),
                String.format(Locale.ROOT, "Run the same load with a larger young generation (or -XX:MaxGCPauseMillis lower) and compare the p99 of %s.", f.endpoint()));
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        "Cut allocation on the request path: reuse buffers, stream instead of materialising large lists or byte arrays, avoid boxing in hot loops (use a JFR allocation profile to find the top allocation sites).",
                        "Low: code-local changes; watch for shared mutable buffers across threads.",
                        "Revert the commit."),
                new Finding.FixStep(
                        "Tune the collector for pause time: size the heap/young generation so collections are rarer, set -XX:MaxGCPauseMillis for G1, or try ZGC/Shenandoah (sub-millisecond pauses) on a canary.",
                        "Medium: more memory, or more CPU for a concurrent collector; throughput may change. Compare CPU, RSS and p99 on a canary.",
                        "Restore the previous JVM flags (a restart)."),
                new Finding.FixStep(
                        "Move the allocation-heavy work off the request path (precompute, cache the result, or a separate service/worker pool with its own heap).",
                        "Higher: staleness of precomputed results; a new component to operate.",
                        "Route the endpoint back to the synchronous path via a flag."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "p99 of %s and GC pause time inside its requests", f.endpoint()),
                String.format(Locale.ROOT, "p99 %s ms; pauses are %s of slow requests' time, %s of slow requests overlap one",
                        num(f.p99Ms()), pct(f.e().slow().pauseShareOfTime()), pct(f.e().slow().shareWithPause())),
                String.format(Locale.ROOT, "pause share of slow requests' time < %s; p99 <= %s ms", pct(Math.max(0.01, f.e().slow().pauseShareOfTime() / 4)),
                        num(Math.max(f.p50Ms(), f.p99Ms() * (1 - f.e().slow().pauseShareOfTime())))),
                "Re-run the same load with the change and compare with `./hotpath diff BEFORE AFTER`; then canary and watch p99 and GC pause time.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
