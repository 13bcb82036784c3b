package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a lock-contention finding, parameterised with its numbers. */
final class LockContentionTexts {

    record Facts(Endpoint endpoint, LockContentionEvidence e, Finding.CodePointer code, Finding.Impact impact, Double rho,
                 String exemplar) {

        boolean monitor() {
            return e.waitKinds().contains("monitor-enter");
        }

        String lock() {
            return shortClass(e.lockClass());
        }

        String where() {
            return code == null ? "the code that takes it" : code.function() + (code.line() == null ? "" : ":" + code.line());
        }

        String construct() {
            return monitor() ? "`synchronized` on a `" + lock() + "`" : "`" + lock() + "`";
        }
    }

    private LockContentionTexts() {
    }

    static FindingTexts of(Facts f, ConfidenceLevel level) {
        return new FindingTexts(title(f), summary(f), rationale(f, level), hypothesis(f), validation(f), fix(f), verification(f));
    }

    static String title(Facts f) {
        return String.format(Locale.ROOT, "Lock contention on %s: requests wait for %s at %s", f.endpoint(), f.lock(), f.where());
    }

    static String summary(Facts f) {
        return String.format(Locale.ROOT,
                "%s of requests to %s wait %s ms (p50, p95 %s ms) for %s at %s, %s of their time and %s of the endpoint's slow requests' time; shorten or split the critical section.",
                pct(f.impact().shareOfRequests()), f.endpoint(), num(f.e().blockedMsPerRequest().p50()),
                num(f.e().blockedMsPerRequest().p95()), f.construct(), f.where(), pct(f.e().blockedShareOfRequest().p50()),
                pct(f.e().tail().blockedShareSlow()));
    }

    static String hypothesis(Facts f) {
        return String.format(Locale.ROOT,
                "Concurrent requests to %s serialize on one %s taken at %s: while one request holds it, the others block (JFR %s events on the serving threads), so latency grows with concurrency rather than with work; the p99 (%s ms) is driven by queueing on the lock, not by the work inside it.",
                f.endpoint(), f.lock(), f.where(), String.join(" and ", f.e().waitKinds()), num(f.e().tail().endpointP99Ms()));
    }

    static String rationale(Facts f, ConfidenceLevel level) {
        String rho = f.rho() == null ? "the correlation between blocked time and latency is undefined (one of them does not vary)"
                : String.format(Locale.ROOT, "Spearman rho between blocked time and request duration is %.2f", f.rho());
        String basis = String.format(Locale.ROOT, "%s over %d requests seen in JFR; blocked share %s in slow requests vs %s in fast ones.",
                rho, f.e().jfrRequests(), pct(f.e().tail().blockedShareSlow()), pct(f.e().tail().blockedShareFast()));
        return switch (level) {
            case HIGH -> "Request latency tracks the time blocked on the lock: " + basis;
            case MEDIUM -> "The waits are measured on the serving threads, but their link to latency is only partly shown: " + basis;
            case LOW -> "The waits are real but do not explain latency across requests: " + basis;
        };
    }

    static List<String> validation(Facts f) {
        return List.of(
                String.format(Locale.ROOT,
                        "Open the JFR chunks in <run>/jfr/ with JDK Mission Control (Lock Instances / Threads pages) or `jfr print --events %s`: waits on %s with the stack through %s, on the server's request threads.",
                        f.monitor() ? "jdk.JavaMonitorEnter" : "jdk.ThreadPark", f.e().lockClass(), f.where()),
                String.format(Locale.ROOT,
                        "Open exemplar trace %s in traces.jsonl: its duration minus its recorded spans should leave about %s ms unexplained (the wait).",
                        f.exemplar(), num(f.e().blockedMsPerRequest().p50())),
                String.format(Locale.ROOT,
                        "Run the same load on %s at 1 and at N concurrent clients: with contention, p50 grows with concurrency while the work per request stays the same; a thread dump under load shows threads BLOCKED/WAITING at %s.",
                        f.endpoint(), f.where()));
    }

    static Finding.Fix fix(Facts f) {
        return new Finding.Fix(
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Shrink the critical section at %s: compute, format, call I/O and allocate outside the lock, and hold %s only for the shared-state update itself.",
                                f.where(), f.lock()),
                        "Low to medium: check that what moves out does not read or write the shared state unguarded (review invariants; run the concurrency tests).",
                        "Revert the commit; behaviour under the lock is unchanged by the rollback."),
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Replace the single %s by a concurrent structure or finer locks: ConcurrentHashMap/LongAdder/atomic fields for maps and counters, lock striping by key, or a ReadWriteLock/StampedLock when reads dominate.",
                                f.lock()),
                        "Medium: compound operations that relied on the one lock (check-then-act, multi-field invariants) must become atomic another way; load-test at peak concurrency before rollout.",
                        "Switch back to the old implementation behind a feature flag; no data migration involved."),
                new Finding.FixStep(
                        "Remove the shared mutable hot spot: partition the state per key/tenant/thread, serve reads from immutable snapshots, or move the updates to a single writer (queue) off the request path.",
                        "Higher: changes consistency (updates become asynchronous or partitioned); needs a design review, backlog and staleness metrics, and a canary (1-5%).",
                        "Route traffic back to the previous path via the flag; drain the writer queue before removing it."));
    }

    static Finding.Verification verification(Facts f) {
        return new Finding.Verification(
                String.format(Locale.ROOT, "p99 latency of %s and time blocked on %s per request", f.endpoint(), f.lock()),
                String.format(Locale.ROOT, "p50 %s ms, p99 %s ms; blocked %s ms per affected request (p50), %s of requests affected",
                        num(f.e().tail().endpointP50Ms()), num(f.e().tail().endpointP99Ms()), num(f.e().blockedMsPerRequest().p50()),
                        pct(f.impact().shareOfRequests())),
                String.format(Locale.ROOT, "blocked time on %s down by >= 80%%; p99 <= %s ms", f.lock(),
                        num(Math.max(f.e().tail().endpointP50Ms(), f.e().tail().endpointP99Ms() * (1 - f.e().tail().blockedShareSlow())))),
                "Re-run the same load (same concurrency) with the fix and compare with `./hotpath diff BEFORE AFTER`: this finding must be gone "
                        + "or its blocked time cut by 80%, and p99 must meet the target; then canary 1-5% and watch p99 and the JFR lock waits.");
    }

    static String shortClass(String className) {
        if (className == null) {
            return "(unknown lock)";
        }
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }
}
