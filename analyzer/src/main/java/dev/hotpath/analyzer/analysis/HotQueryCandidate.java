package dev.hotpath.analyzer.analysis;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.FixStep;
import dev.hotpath.analyzer.run.QueryStats;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.VerificationPlan;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Candidate: the heaviest SQL fingerprint on a request path that no finding explains, when it takes
 * at least {@value #MIN_SHARE_PERCENT}% of all request time. Slow query / missing index has no
 * detector yet, so this is a lead to check with EXPLAIN, not a diagnosis.
 */
final class HotQueryCandidate {
    static final int MIN_SHARE_PERCENT = 5;

    private HotQueryCandidate() {
    }

    static Optional<Hypothesis> of(Run run, QueryUsage usage, Set<String> explainedFingerprints) {
        double requestTime = run.totalMs();
        if (requestTime <= 0) {
            return Optional.empty();
        }
        for (QueryStats q : run.queries()) {
            if (explainedFingerprints.contains(q.fingerprint()) || !usage.onRequestPath(q.fingerprint())) {
                continue;
            }
            double share = q.totalMs() / requestTime;
            if (share * 100 < MIN_SHARE_PERCENT) {
                return Optional.empty(); // queries are sorted by total time: the rest are lighter
            }
            return Optional.of(build(run, usage, q, share));
        }
        return Optional.empty();
    }

    private static Hypothesis build(Run run, QueryUsage usage, QueryStats q, double share) {
        String where = String.join(", ", usage.endpoints(q.fingerprint()));
        String sql = Fmt.code(Fmt.truncate(q.statement() == null ? q.fingerprint() : q.statement(), 90));
        List<String> evidence = List.of(
                String.format("%s calls, %s total (%s of all request time in the run), mean %s, p95 %s, p99 %s (summary.json, %s).",
                        Fmt.count(q.count()), Fmt.ms(q.totalMs()), Fmt.share(share), Fmt.ms(q.meanMs()), Fmt.ms(q.p95Ms()),
                        Fmt.ms(q.p99Ms()), q.source()),
                String.format("Runs on %s, %.1f calls per kept request.", where, usage.callsPerRequest(q.fingerprint())),
                "No detector finding covers this fingerprint: the cost is frequency x latency, not a detected pattern.");
        List<String> validation = List.of(
                "Run `EXPLAIN ANALYZE` on the statement (Appendix, fingerprint `" + q.fingerprint() + "`) with representative "
                        + "values on a staging copy of production data: look for a scan instead of an index lookup and bad row estimates.",
                "Check whether the calls are needed: " + String.format("%.1f", usage.callsPerRequest(q.fingerprint()))
                        + " calls per request on " + where + "; a repeated lookup of the same row is a caching or query-merging candidate.",
                "Compare the fingerprint's calls and total time in the database's statement statistics (pg_stat_statements, "
                        + "performance_schema) with the numbers above.");
        return new Hypothesis("query:" + q.fingerprint(), "hot_query", "Hot query " + sql + " on " + where,
                String.format("%s is the heaviest unexplained query on the request path: %s of all request time; a missing index "
                        + "or an avoidable per-request lookup would show here.", sql, Fmt.share(share)),
                where, null, null, "low", "Analyzer candidate from totals only (latency x frequency); no detector signature; "
                        + "validate the plan before acting.", evidence, List.of(), List.of(), q.fingerprint(), q.statement(), validation,
                new FixStep("If EXPLAIN shows a scan: add the missing index (online/concurrently); if the calls repeat the same lookup, "
                        + "cache it per request.", "Low to medium: index builds load the database and slow writes a little.",
                        "Drop the index / remove the per-request cache."),
                new FixStep("Fold the lookup into the query that precedes it on " + where + " (JOIN or EXISTS), halving round trips.",
                        "Medium: query semantics change; cover with tests on the endpoint's results.", "Revert the query change."),
                new FixStep("Keep the statement's plan and latency under watch: alert on its p95 and total time from pg_stat_statements.",
                        "Low.", "Remove the alert."),
                new VerificationPlan("total time and p95 of fingerprint " + q.fingerprint(),
                        String.format("total %s, p95 %s, %s calls", Fmt.ms(q.totalMs()), Fmt.ms(q.p95Ms()), Fmt.count(q.count())),
                        String.format("total time down by at least 50%% (<= %s) at the same load", Fmt.ms(q.totalMs() / 2)),
                        "Same load, then `./hotpath diff BEFORE AFTER` and compare the query's row in both summaries."),
                "candidate", q.totalMs());
    }
}
