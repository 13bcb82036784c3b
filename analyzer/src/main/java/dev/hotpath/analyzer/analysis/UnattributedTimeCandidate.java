package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.FixStep;
import dev.hotpath.analyzer.run.VerificationPlan;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Candidate: among the top endpoints by time lost that no finding covers, the first whose kept
 * traces spend at least {@value #MIN_SHARE_PERCENT}% of their time outside every measured span
 * (DB, pool wait, HTTP). That time is app code, serialization, locks or GC: not measured in this run.
 * Its weight is that share applied to the endpoint's total time (all requests), to rank it with the others.
 */
final class UnattributedTimeCandidate {
    static final int MIN_SHARE_PERCENT = 50;
    static final int MIN_TRACES = 5;

    private UnattributedTimeCandidate() {
    }

    static Optional<Hypothesis> of(List<EndpointTimeLost> ranking, List<EndpointBreakdown> breakdowns, Set<String> coveredEndpoints,
                                   boolean jfrPresent) {
        for (EndpointTimeLost r : ranking.subList(0, Math.min(3, ranking.size()))) {
            String name = r.endpoint().name();
            if (coveredEndpoints.contains(name)) {
                continue;
            }
            EndpointBreakdown b = breakdowns.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (b == null || b.traces() < MIN_TRACES || b.share(b.otherMs()) * 100 < MIN_SHARE_PERCENT) {
                continue;
            }
            return Optional.of(build(r, b, jfrPresent));
        }
        return Optional.empty();
    }

    private static Hypothesis build(EndpointTimeLost r, EndpointBreakdown b, boolean jfrPresent) {
        String name = b.name();
        double share = b.share(b.otherMs());
        return new Hypothesis("unattributed:" + name, "unattributed_time", "Time outside the database on " + name,
                String.format("%s spends %s of its kept-trace time outside DB, pool-wait and HTTP spans (app code, serialization, "
                        + "locks or GC); it is %s of all request time, so its cause should be measured before it is guessed.",
                        name, Fmt.share(share), Fmt.share(r.share())),
                name, null, null, "low", jfrPresent ? "Analyzer candidate; JFR was recorded, correlate it with the traces below."
                        : "Analyzer candidate; no JFR or profile in this run, so CPU, locks and GC cannot be separated.",
                List.of(String.format("%d kept traces: %s total, DB %s, pool wait %s, unattributed %s.", b.traces(), Fmt.ms(b.totalMs()),
                                Fmt.ms(b.dbMs()), Fmt.ms(b.poolWaitMs()), Fmt.ms(b.otherMs())),
                        String.format("Endpoint total %s over the run (%s of all request time), p95 %s.", Fmt.ms(r.totalMs()),
                                Fmt.share(r.share()), Fmt.ms(r.endpoint().p95Ms())),
                        "Slowest kept trace " + b.slowestTraceId() + " (" + Fmt.ms(b.slowestMs()) + ")."),
                b.slowestTraceId() == null ? List.of() : List.of(b.slowestTraceId()), List.of(), null, null,
                List.of("Open trace " + b.slowestTraceId() + " and look for the gaps between spans: where is the request not in the database?",
                        "Repeat the load with JFR on (`-XX:StartFlightRecording=duration=60s,filename=run.jfr`) and check CPU samples, "
                                + "monitor-enter/park events and GC pauses during requests to " + name + ".",
                        "Compare p95 at a lower rate: if it falls, the time is queueing (threads, locks), not work."),
                new FixStep("None until measured: the playbook forbids optimising without evidence.", "None.", "None."),
                new FixStep("Act on what the profile shows (hot method, lock, allocation).", "Depends on the change.", "Revert."),
                new FixStep("Keep continuous profiling on so this time is always attributed.", "Low overhead (JFR default settings).",
                        "Turn the recording off."),
                new VerificationPlan("unattributed share of " + name + " kept-trace time", Fmt.share(share),
                        "attributed: a profile explains >= 80% of it",
                        "Re-run with JFR and re-read this report's breakdown."),
                "candidate", share * r.totalMs());
    }
}
