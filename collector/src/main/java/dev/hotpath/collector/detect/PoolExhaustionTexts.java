package dev.hotpath.collector.detect;

import static dev.hotpath.collector.detect.NPlusOneTexts.num;
import static dev.hotpath.collector.detect.NPlusOneTexts.pct;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of a pool-exhaustion finding, parameterised with its numbers. */
final class PoolExhaustionTexts {

    record Facts(Endpoint endpoint, PoolExhaustionEvidence e, String exemplarTraceId, Double endpointP95Ms,
                 Double spearmanRho, int sampledRequests, ConfidenceLevel level) {
    }

    private PoolExhaustionTexts() {
    }

    static FindingTexts of(Facts f) {
        PoolExhaustionEvidence e = f.e();
        dev.hotpath.collector.stats.PoolFigures p = e.pool();
        boolean connections = PoolWaitSpan.CONNECTION.equals(p.kind());
        String what = connections ? "connection pool" : "thread pool";
        String unit = connections ? "connections" : "threads";
        String waitFor = connections ? "a connection" : "a worker thread (task queue wait)";
        String size = p.maxSize() == null ? "size unknown (not sampled)" : "max " + p.maxSize() + " " + unit;
        String saturation = p.shareOfSamplesAtMax() == null ? "the pool itself was not sampled"
                : String.format(Locale.ROOT, "%s of samples at max, %s callers pending on average (peak %s)",
                pct(p.shareOfSamplesAtMax()), num(p.pendingMean()), p.pendingMax());
        String failures = p.timeouts() + p.rejections() == 0 ? ""
                : String.format(Locale.ROOT, "; %d acquisition timeouts, %d rejections", p.timeouts(), p.rejections());
        ConcurrencySignature c = e.concurrency();
        String signature = c.spearmanLatency() == null
                ? "too few stats intervals to relate latency to concurrency"
                : String.format(Locale.ROOT, "over %d steps of rising concurrency (%d intervals), Spearman rho of latency vs concurrency is %.2f and of the wait share %.2f (%s)",
                c.steps().size(), c.windows(), c.spearmanLatency(), c.spearmanWaitShare() == null ? 0.0 : c.spearmanWaitShare(),
                c.showsSaturation() ? "the saturation signature: both rise with the load" : "no clear rise with the load: the waits may come in bursts rather than with concurrency");

        String title = String.format(Locale.ROOT, "Pool exhaustion: %s '%s' (%s) on %s", what, p.name(), size, f.endpoint());
        String summary = String.format(Locale.ROOT,
                "Requests to %s spend %s of their time waiting for %s from '%s' when it is saturated (%s%s); %s.",
                f.endpoint(), pct(e.waiting().shareOfRequestTimeSaturated()), waitFor, p.name(), saturation, failures,
                connections ? "shorten how long each connection is held before adding connections" : "bound the queue and size the pool from the measured task time");
        String hold = p.holdTimeMs() == null ? ""
                : String.format(Locale.ROOT, " Each %s is held %s ms per use on average (Little's law: mean active %s / %s uses per second).",
                connections ? "connection" : "worker", num(p.holdTimeMs()), num(p.activeMean()), num(p.acquiresPerSecond()));
        String hypothesis = String.format(Locale.ROOT,
                "'%s' (%s) is too small for the concurrency it serves, or each use holds it too long: once every %s is busy, new requests queue for it, so latency grows with concurrency while the wait share grows.%s",
                p.name(), size, connections ? "connection" : "worker", hold);
        String rho = f.spearmanRho() == null ? "undefined (no variation)" : String.format(Locale.ROOT, "%.2f", f.spearmanRho());
        String rationale = String.format(Locale.ROOT,
                "%s; %s; Spearman rho between a request's wait and its duration is %s over %d sampled requests.",
                saturation, signature, rho, f.sampledRequests());
        String trace = f.exemplarTraceId() == null ? "an affected trace" : "exemplar trace " + f.exemplarTraceId();
        List<String> validation = List.of(
                String.format(Locale.ROOT, "Open %s: the %s span should take a large part of the request, before the work that uses it.",
                        trace, connections ? "db.connection.acquire" : "task's queue wait (executor.task)"),
                connections
                        ? String.format(Locale.ROOT, "Read the pool's own metrics during the load (HikariCP: active, idle, pending, connectionTimeout): active should sit at %s with threads pending; then find what the code does while holding the connection (remote calls, long transactions).",
                        p.maxSize() == null ? "its maximum" : String.valueOf(p.maxSize()))
                        : String.format(Locale.ROOT, "Take a thread dump during the load: all '%s' workers should be busy and its queue non-empty; check what the tasks block on.", p.name()),
                "Repeat the load as a concurrency sweep (rising steps): if the latency knee moves when the pool size changes by one experiment (+50%), the pool is the bottleneck; if not, look behind it (database or downstream capacity).");
        String sizing = p.suggestedMaxSize() == null
                ? "size the pool from Little's law: needed = peak uses per second x hold time, at ~70% utilisation"
                : String.format(Locale.ROOT, "size it for the measured peak demand (%s in use at once: the busiest interval's uses per second x the hold time; a lower bound while the pool was saturated): about %d %s at 70%% utilisation, if what is behind it (the database, the CPU) has that capacity",
                num(p.peakDemand()), p.suggestedMaxSize(), unit);
        Finding.Fix fix = new Finding.Fix(
                new Finding.FixStep(
                        connections
                                ? "Release the connection before slow work: do remote calls, file I/O and computation outside the transaction, and get the connection only for the statements; set a short connectionTimeout so callers fail fast instead of piling up."
                                : "Bound the pool's queue and give callers a timeout on the task's future; move blocking I/O off this pool so its threads only run short tasks.",
                        "Low to medium: moving work out of a transaction changes its isolation (re-check invariants); fail-fast timeouts turn waits into errors that callers must handle.",
                        "Revert the code change / restore the previous timeout (configuration)."),
                new Finding.FixStep(
                        "Resize: " + sizing + ".",
                        connections
                                ? "Medium: more connections move the queue into the database (more concurrent queries, memory, lock contention); check the database's connection limit across all instances."
                                : "Medium: more threads cost memory and context switches and push load to what the tasks call.",
                        "Set the previous maximum back (configuration-only)."),
                new Finding.FixStep(
                        "Isolate with bulkheads: a separate, bounded pool per dependency or endpoint class, so one slow path cannot take every " + (connections ? "connection" : "worker") + "; add back-pressure (load shedding with 503 + Retry-After) at the edge.",
                        "Higher: more pools to size and monitor; shedding rejects requests by design.",
                        "Route all work back to the shared pool via a flag."));
        Finding.Verification verification = new Finding.Verification(
                String.format(Locale.ROOT, "wait share of request time on %s for '%s', samples at max, and p95 latency at the highest concurrency step", f.endpoint(), p.name()),
                String.format(Locale.ROOT, "wait share %s when saturated (%s overall); %s; endpoint p95 %s",
                        pct(e.waiting().shareOfRequestTimeSaturated()), pct(e.waiting().shareOfRequestTime()), saturation,
                        f.endpointP95Ms() == null ? "unknown" : num(f.endpointP95Ms()) + " ms"),
                String.format(Locale.ROOT, "wait share below %s at every concurrency step, fewer than %s of samples at max, no timeouts or rejections, and p95 flat across the sweep",
                        pct(e.minWaitShare()), pct(e.minSaturation())),
                "Re-run the same concurrency sweep and compare with `./hotpath diff BEFORE AFTER`: this finding must be gone and the latency-vs-concurrency curve flat up to the target load; then canary with the pool metrics on a dashboard.");
        return new FindingTexts(title, summary, rationale, hypothesis, validation, fix, verification);
    }
}
