package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a virtual-thread pinning finding. */
final class VirtualThreadPinningTexts {

    record Facts(Endpoint endpoint, VirtualThreadPinningEvidence e, Finding.Impact impact, String exemplar) {

        String where() {
            return e.frame() == null ? "JDK/framework code (no application frame on the stack)" : e.frame();
        }
    }

    private VirtualThreadPinningTexts() {
    }

    static FindingTexts of(Facts f, ConfidenceLevel level, Double rho) {
        String title = String.format(Locale.ROOT, "Virtual threads pinned on %s at %s", f.endpoint(), f.where());
        String summary = String.format(Locale.ROOT,
                "%s of requests to %s block for %s ms (p50, max %s ms) while pinned to their carrier thread at %s, %s of their time; while pinned no other virtual thread can use that carrier, so do not block inside synchronized or native code.",
                pct(f.impact().shareOfRequests()), f.endpoint(), num(f.e().pinnedMsPerRequest().p50()),
                num(f.e().pinnedMsPerRequest().max()), f.where(), pct(f.impact().shareOfRequestTime()));
        String hypothesis = String.format(Locale.ROOT,
                "Requests to %s run on virtual threads and block (I/O, sleep, lock wait) where the virtual thread cannot unmount: inside a synchronized block or method (JDK 21-23), a native frame or a class initializer. The carrier thread is held for the whole wait; with few carriers (one per core by default), other requests queue for a carrier and latency grows with concurrency. Found %d pins totalling %s ms.",
                f.endpoint(), f.e().events(), num(f.e().pinnedMsTotal()));
        String basis = (rho == null ? "the correlation between pinned time and latency is undefined"
                : String.format(Locale.ROOT, "Spearman rho between pinned time in a request and its duration is %.2f", rho))
                + String.format(Locale.ROOT, " over %d requests seen in JFR.", f.e().jfrRequests());
        String rationale = switch (level) {
            case HIGH -> "Request latency tracks the time pinned: " + basis;
            case MEDIUM -> "Pins are frequent on this endpoint and explain latency partly: " + basis;
            case LOW -> "Pins happen but do not explain latency across requests: " + basis;
        };
        List<String> validation = List.of(
                "Run with -Djdk.tracePinnedThreads=full (JDK 21-23) or read jdk.VirtualThreadPinned in the JFR chunks under <run>/jfr/ to see the pinned stacks.",
                String.format(Locale.ROOT, "Open exemplar trace %s: the span that blocks inside %s should cover the pinned time.", f.exemplar(), f.where()),
                "Raise the load: if latency grows faster than with platform threads, carriers are exhausted (jdk.virtualThreadScheduler.parallelism caps them).");
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        "At " + f.where() + ": replace the synchronized block around the blocking call with a java.util.concurrent.locks.ReentrantLock, or move the blocking call out of the critical section.",
                        "Low: same mutual exclusion; keep unlock in finally.",
                        "Revert the commit."),
                new Finding.FixStep(
                        "Run on JDK 24 or later, where synchronized no longer pins (JEP 491); remaining pins are native frames and class initializers.",
                        "Medium: a JDK upgrade; test on a canary.",
                        "Deploy the previous JDK image."),
                new Finding.FixStep(
                        "Keep blocking work out of native callbacks and static initializers; for libraries that pin, run their calls on a bounded platform-thread executor.",
                        "Higher: a second execution model to operate.",
                        "Route the calls back to the virtual threads via a flag."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "jdk.VirtualThreadPinned events in requests to %s, and their p99", f.endpoint()),
                String.format(Locale.ROOT, "%d pins, %s ms in total; %s of requests pinned", f.e().events(), num(f.e().pinnedMsTotal()),
                        pct(f.impact().shareOfRequests())),
                "no pins above the recording threshold at " + f.where(),
                "Re-run the same load with the change and compare with `./hotpath diff BEFORE AFTER`: the finding should be fixed.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
