package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.FixStep;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import dev.hotpath.analyzer.run.VerificationPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Candidate: the endpoint with the most tail time (p99 at least {@value #MIN_RATIO}x p50, ranked by
 * (p99 - p50) x requests). When most of its slow kept traces fall in the first quarter of the run,
 * the tail is likely warm-up (JIT, caches, pool fill), which a steady-state SLO should exclude.
 */
final class TailLatencyCandidate {
    static final int MIN_RATIO = 5;
    static final double MIN_P99_MS = 10;
    static final double EARLY_FRACTION = 0.25;

    private TailLatencyCandidate() {
    }

    static Optional<Hypothesis> of(Run run) {
        EndpointStats worst = null;
        for (EndpointStats e : run.endpoints()) {
            if (e.p50Ms() > 0 && e.p99Ms() >= MIN_RATIO * e.p50Ms() && e.p99Ms() >= MIN_P99_MS
                    && (worst == null || tail(e) > tail(worst))) {
                worst = e;
            }
        }
        if (worst == null) {
            return Optional.empty();
        }
        EndpointStats e = worst;
        List<TraceDigest> slow = new ArrayList<>();
        for (TraceDigest t : run.tracesOf(e.method(), e.route())) {
            if (t.durationMs() >= e.p95Ms()) {
                slow.add(t);
            }
        }
        slow.sort((a, b) -> Long.compare(b.durationNanos(), a.durationNanos()));
        int early = 0;
        Long cutoff = cutoffNanos(run);
        if (cutoff != null) {
            for (TraceDigest t : slow) {
                if (t.startEpochNanos() < cutoff) {
                    early++;
                }
            }
        }
        boolean warmUp = cutoff != null && slow.size() >= 3 && early * 2 > slow.size();
        List<String> ids = slow.stream().limit(3).map(TraceDigest::traceId).toList();
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format("p50 %s, p95 %s, p99 %s: p99 is %.1fx p50 over %s requests.", Fmt.ms(e.p50Ms()), Fmt.ms(e.p95Ms()),
                Fmt.ms(e.p99Ms()), e.p99Ms() / e.p50Ms(), Fmt.count(e.count())));
        if (cutoff == null) {
            evidence.add("The run window is unknown (no summary.json window), so slow requests cannot be placed in time.");
        } else {
            evidence.add(String.format("%d kept traces at or above p95; %d of them started in the first %d%% of the run window.",
                    slow.size(), early, (int) (EARLY_FRACTION * 100)));
        }
        if (!ids.isEmpty()) {
            evidence.add("Slowest kept traces: " + String.join(", ", ids) + ".");
        }
        String statement = warmUp
                ? String.format("The tail of %s is mostly warm-up: %d of %d slow kept requests ran in the first %d%% of the run "
                        + "(JIT compilation, cold caches, pool fill), not steady-state work.", e.name(), early, slow.size(),
                        (int) (EARLY_FRACTION * 100))
                : String.format("%s has a heavy tail (p99 %s vs p50 %s) whose cause is not in the spans: GC pauses, lock waits, "
                        + "or CPU contention on the host are the usual suspects.", e.name(), Fmt.ms(e.p99Ms()), Fmt.ms(e.p50Ms()));
        return Optional.of(new Hypothesis("tail:" + e.name(), "tail_latency", "Tail latency on " + e.name(), statement, e.name(),
                null, null, warmUp ? "medium" : "low",
                warmUp ? "Slow requests cluster at the start of the run; timing alone, no JVM events (no JFR)."
                        : "From percentiles and trace timing only; the cause was not measured.",
                evidence, ids, List.of(), null, null,
                List.of("Open the slowest traces (" + String.join(", ", ids) + ") and check their start time against the load phases "
                                + "(ramp-up first).",
                        "Re-run with a longer warm-up excluded from measurement (or compare the first and last thirds of the run): "
                                + "a warm-up tail disappears in steady state.",
                        "Record JFR (GC pauses, safepoints, JIT compilation, monitor-enter) during the same load and match pause times to "
                                + "the slow traces' start times."),
                new FixStep(warmUp ? "Warm the service before it takes traffic (readiness gate after a synthetic warm-up)."
                        : "Find the pause source first (JFR); then reduce allocation or lock scope on this path.",
                        "Low.", warmUp ? "Remove the warm-up gate." : "Revert the change."),
                new FixStep("Tune GC for pause time if JFR shows GC on the slow requests (heap size, G1 pause goal).",
                        "Medium: GC changes affect every endpoint; canary first.", "Restore previous JVM flags."),
                new FixStep("Track p99 per endpoint as a first-class SLO with alerts.", "Low.", "Remove the alert."),
                new VerificationPlan("p99 of " + e.name(), String.format("%s (%.1fx p50)", Fmt.ms(e.p99Ms()), e.p99Ms() / e.p50Ms()),
                        "p99 <= " + MIN_RATIO + "x p50 (" + Fmt.ms(MIN_RATIO * e.p50Ms()) + " at today's p50) in steady state", "Same load with warm-up excluded; `./hotpath diff BEFORE AFTER`."),
                "candidate", tail(e)));
    }

    /** Approximate time the slowest 1% spent above the median. */
    private static double tail(EndpointStats e) {
        return (e.p99Ms() - e.p50Ms()) * e.count() * 0.01;
    }

    private static Long cutoffNanos(Run run) {
        if (run.windowStart() == null || run.windowSeconds() <= 0) {
            return null;
        }
        try {
            Instant start = Instant.parse(run.windowStart());
            long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
            return startNanos + (long) (run.windowSeconds() * EARLY_FRACTION * 1e9);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
