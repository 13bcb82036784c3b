package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.FixStep;
import dev.hotpath.analyzer.run.VerificationPlan;
import java.util.List;
import java.util.Optional;

/**
 * Candidate: an endpoint whose kept traces spend at least {@value #MIN_SHARE_PERCENT}% of their time
 * waiting for a database connection (acquire spans), the pool-exhaustion signature. Weighted by that
 * share of the endpoint's total time (all requests).
 */
final class PoolWaitCandidate {
    static final int MIN_SHARE_PERCENT = 5;
    static final int MIN_TRACES = 5;

    private PoolWaitCandidate() {
    }

    static Optional<Hypothesis> of(List<EndpointBreakdown> breakdowns, List<EndpointTimeLost> ranking, java.util.Set<String> explained) {
        EndpointBreakdown worst = null;
        for (EndpointBreakdown b : breakdowns) {
            if (!explained.contains(b.name()) && b.traces() >= MIN_TRACES && b.share(b.poolWaitMs()) * 100 >= MIN_SHARE_PERCENT
                    && (worst == null || b.poolWaitMs() > worst.poolWaitMs())) {
                worst = b;
            }
        }
        if (worst == null) {
            return Optional.empty();
        }
        EndpointBreakdown b = worst;
        return Optional.of(new Hypothesis("pool:" + b.name(), "pool_wait", "Connection pool wait on " + b.name(),
                String.format("Requests to %s wait %s of their time for a database connection: the pool may be too small for "
                        + "the concurrency, or connections are held too long.", b.name(), Fmt.share(b.share(b.poolWaitMs()))),
                b.name(), null, null, "low", "Analyzer candidate from acquire spans in kept traces; pool size, active and pending "
                        + "connections were not recorded.",
                List.of(String.format("%s of %s in %d kept traces is connection acquire time.", Fmt.ms(b.poolWaitMs()),
                        Fmt.ms(b.totalMs()), b.traces()), "Slowest kept trace " + b.slowestTraceId() + " (" + Fmt.ms(b.slowestMs()) + ")."),
                b.slowestTraceId() == null ? List.of() : List.of(b.slowestTraceId()), List.of(), null, null,
                List.of("Open trace " + b.slowestTraceId() + " and compare the `db.connection.acquire` span with the statements after it.",
                        "Run the same load at 2x concurrency: pool exhaustion shows as wait share growing with concurrency.",
                        "Read the pool's own metrics (HikariCP: active, idle, pending, connection timeout count) during the load."),
                new FixStep("Release connections sooner (no remote calls or heavy work inside a transaction).", "Low.", "Revert."),
                new FixStep("Size the pool to the database's capacity (not the thread count) and add a bulkhead for slow endpoints.",
                        "Medium: a bigger pool can overload the database.", "Restore the previous pool size."),
                new FixStep("Make slow work asynchronous so request threads do not hold connections.", "Higher.", "Feature flag off."),
                new VerificationPlan("connection acquire share of " + b.name(), Fmt.share(b.share(b.poolWaitMs())), "< 1%",
                        "Same load, `./hotpath diff BEFORE AFTER`, pool metrics during the run."),
                "candidate", b.share(b.poolWaitMs()) * ranking.stream().filter(r -> r.endpoint().name().equals(b.name()))
                        .mapToDouble(EndpointTimeLost::totalMs).findFirst().orElse(b.totalMs())));
    }
}
