package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Endpoint;
import java.util.List;
import java.util.Locale;

/** The words of an N+1 finding, parameterised with its numbers. Kept beside the detector, in one place. */
final class NPlusOneTexts {

    /** The numbers and names the texts are built from. Times in ms; shares 0..1. */
    record Facts(String fingerprint, String statement, String dbSystem, RepeatPattern.Assessment a) {

        boolean isWrite() {
            String s = statement == null ? "" : statement.stripLeading().toLowerCase(Locale.ROOT);
            return s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete") || s.startsWith("merge");
        }

        String where() {
            Finding.CodePointer code = a.code();
            if (code == null) {
                return "the loop that issues it";
            }
            String file = code.file() == null ? "" : " (" + shortFile(code.file()) + (code.line() == null ? "" : ":" + code.line()) + ")";
            return code.function() + file;
        }

        String shortStatement() {
            if (statement == null) {
                return "query " + fingerprint;
            }
            String s = statement.replaceAll("\\s+", " ").trim();
            return s.length() <= 80 ? s : s.substring(0, 77) + "...";
        }
    }

    private NPlusOneTexts() {
    }

    static String title(Facts f) {
        return String.format(Locale.ROOT, "N+1 queries on %s: `%s` runs %d times per request", f.a().endpoint(),
                f.shortStatement(), f.a().repeatsP50());
    }

    static String summary(Facts f) {
        return String.format(Locale.ROOT,
                "%s runs the same %s %d times per request (p50, max %d) one after another, spending %s ms (%s of request time) in %s of its requests; %s.",
                f.a().endpoint(), f.isWrite() ? "write" : "query", f.a().repeatsP50(), f.a().repeatsMax(), num(f.a().unionP50Ms()),
                pct(f.a().shareOfRequestTime()), pct(f.a().shareOfRequests()),
                f.isWrite() ? "batch the writes into one round trip" : "load the rows with one batched query instead");
    }

    static String hypothesis(Facts f) {
        if (f.isWrite()) {
            return String.format(Locale.ROOT,
                    "%s writes rows one statement at a time from %s, one database round trip per element; request time grows with the number of elements, not with the work the database does.",
                    f.a().endpoint(), f.where());
        }
        return String.format(Locale.ROOT,
                "%s loads a list and then runs `%s` once per element from %s (lazy loading or a query inside a loop); each round trip adds latency, so request time grows with the list size.",
                f.a().endpoint(), f.shortStatement(), f.where());
    }

    static String confidenceRationale(Facts f, ConfidenceLevel level) {
        String rho = f.a().spearmanRho() == null
                ? "the repeat count does not vary across requests, so its correlation with latency is undefined"
                : String.format(Locale.ROOT, "Spearman rank correlation between repeats per request and request duration is %.2f", f.a().spearmanRho());
        String basis = String.format(Locale.ROOT, "%s over %d sampled affected requests; repeats per request p50 %d.",
                rho, f.a().sampledRequests(), f.a().repeatsP50());
        return switch (level) {
            case HIGH -> "Request latency tracks the number of repeats: " + basis;
            case MEDIUM -> "The pattern is clear in the traces, but the link to latency is only partly shown: " + basis;
            case LOW -> "The repeats are real but do not explain latency across requests: " + basis;
        };
    }

    static List<String> validation(Facts f) {
        String trace = f.a().exemplarTraceId() == null ? "an affected trace" : "exemplar trace " + f.a().exemplarTraceId();
        String parent = f.a().parentSpanName() == null ? "one parent span" : "the parent span '" + f.a().parentSpanName() + "'";
        return List.of(
                String.format(Locale.ROOT,
                        "Open %s (traces.jsonl in the run directory, or your tracing UI) and count the DB spans with hotpath.db.fingerprint=%s under %s: expect about %d, one after another.",
                        trace, f.fingerprint(), parent, f.a().repeatsP50()),
                String.format(Locale.ROOT,
                        "Check the database statement log (pg_stat_statements calls, MySQL performance_schema digests, or the driver log) for `%s`: its call count should be about %d x the requests to %s.",
                        f.shortStatement(), f.a().repeatsP50(), f.a().endpoint()),
                String.format(Locale.ROOT,
                        "Vary the list size behind %s (e.g. 5 vs 50 elements) under the same load and watch latency and queries per request: an N+1 grows linearly with the list size.",
                        f.a().endpoint()));
    }

    static Finding.Fix fix(Facts f) {
        if (f.isWrite()) {
            return new Finding.Fix(
                    new Finding.FixStep(
                            String.format(Locale.ROOT,
                                    "Batch the %d writes at %s into one round trip: JDBC addBatch/executeBatch, a multi-row INSERT, or a set-based UPDATE ... WHERE id IN (...).",
                                    f.a().repeatsP50(), f.where()),
                            "Low: same rows written; check that per-row error handling and generated keys still work with a batch, and chunk very large batches (e.g. 500 rows).",
                            "Revert the change or switch back to the per-row loop behind a feature flag; no data migration involved."),
                    mediumFix(f),
                    new Finding.FixStep(
                            "Move the bulk work off the request path (queue + worker with idempotent batch writes) and bound the request's list size.",
                            "Higher: changes consistency (the submit returns before all rows are written); needs idempotency, a backlog alert and a user-visible status.",
                            "Route the submit back to the synchronous path via the flag; drain the queue before removing the worker."));
        }
        return new Finding.Fix(
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Replace the per-element `%s` at %s with one batched query for the whole list (WHERE key IN (...)) or a JOIN in the query that loads the list.",
                                f.shortStatement(), f.where()),
                        "Low: same rows returned; chunk long IN lists (e.g. 500-1000 keys) and keep the result order the caller expects.",
                        "Revert the commit, or keep both paths behind a feature flag and switch back to the per-element query."),
                mediumFix(f),
                new Finding.FixStep(
                        String.format(Locale.ROOT,
                                "Serve %s from a read model or a cache keyed by the parent id, and paginate the list so the work per request is bounded.",
                                f.a().endpoint()),
                        "Higher: staleness and invalidation bugs; memory for the cache; needs hit-rate and staleness metrics before rollout (canary 1-5%).",
                        "Turn the read path back to the primary queries via the flag; the read model/cache can stay unused until fixed."));
    }

    private static Finding.FixStep mediumFix(Facts f) {
        return new Finding.FixStep(
                "Prefetch in the data access layer: eager/batch fetching for the association (JOIN FETCH, entity graph, @BatchSize) or a repository method that returns the parents with their children.",
                "Medium: eager fetching can over-fetch on other endpoints that use the same mapping; compare their queries per request and latency before and after.",
                "Revert the mapping/repository change; it is code-only, no schema change.");
    }

    static Finding.Verification verification(Facts f) {
        String metric = String.format(Locale.ROOT,
                "p95 latency of %s and queries per request with fingerprint %s", f.a().endpoint(), f.fingerprint());
        String current = String.format(Locale.ROOT, "p95 %s; %d queries per request (p50, max %d)",
                f.a().endpointP95Ms() == null ? "unknown" : num(f.a().endpointP95Ms()) + " ms", f.a().repeatsP50(), f.a().repeatsMax());
        String target = String.format(Locale.ROOT, "<= 2 queries per request for this fingerprint; p95 %s (reduced by at least %s, the repeats' share of request time)",
                f.a().targetP95Ms() == null ? "reduced" : "<= " + num(f.a().targetP95Ms()) + " ms", pct(f.a().shareOfRequestTime()));
        String how = "Re-run the same load (same data shape and concurrency) with the fix, compare the run directories with "
                + "`./hotpath diff BEFORE AFTER`: this finding must be gone and the endpoint's p95 must meet the target; then canary 1-5% "
                + "and watch the same two metrics in production.";
        return new Finding.Verification(metric, current, target, how);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String num(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String shortFile(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
