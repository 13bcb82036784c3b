package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.Hypothesis;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import java.util.ArrayList;
import java.util.List;

/** 4. Validation Plan: exact steps per hypothesis: the trace to open, the query to EXPLAIN, the experiment. */
public final class ValidationPlanSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        SectionBuilder s = new SectionBuilder(4, "Validation Plan");
        if (a.hypotheses().isEmpty()) {
            s.para("Nothing to validate. To look further, re-run with JFR and a concurrency sweep (section 7).");
            return s.build();
        }
        for (int i = 0; i < a.hypotheses().size(); i++) {
            Hypothesis h = a.hypotheses().get(i);
            s.heading(HypothesesSection.id(i) + ". " + h.title());
            List<String> steps = new ArrayList<>();
            if (!h.traceIds().isEmpty()) {
                String id = h.traceIds().get(0);
                steps.add("Open trace " + id + " in your trace viewer, or print it: `grep '\"traceId\":\"" + id + "\"' "
                        + ctx.runLabel() + "/traces.jsonl`.");
            }
            steps.addAll(h.validation());
            if (h.statementSql() != null) {
                steps.add("Get the plan of the statement (replace each `?` with a value from a slow request; run it on a staging copy "
                        + "of production data, not the primary):");
            }
            s.numbered(steps);
            if (h.statementSql() != null) {
                s.code("sql", "EXPLAIN ANALYZE " + h.statementSql() + ";");
            }
            s.para("Disproved if: " + disproof(h));
        }
        return s.build();
    }

    private static String disproof(Hypothesis h) {
        return switch (h.kind()) {
            case "n_plus_one" -> "the exemplar traces show one statement per request for this fingerprint, or batching the calls does "
                    + "not move the endpoint's latency.";
            case "n_plus_one_http" -> "the exemplar traces show one call per request to this dependency route, or one batched call "
                    + "does not move the endpoint's latency.";
            case "slow_dependency" -> "the dependency's own server-side latency is low while our client spans are slow (then the time "
                    + "is in the network or the client's connection pool), or serving the call from a stub or cache does not move the "
                    + "endpoint's latency.";
            case "hot_query" -> "the plan is an index lookup with accurate row estimates and the per-call latency is at the database's "
                    + "floor; then the cost is frequency, to be cut by caching or merging calls.";
            case "pool_wait" -> "the acquire share stays flat when concurrency doubles.";
            case "pool_exhaustion" -> "the wait share stays flat across the concurrency sweep after the pool grows by half, or the pool's "
                    + "samples never reach its maximum while requests wait (then the wait is elsewhere, e.g. in what is behind the pool).";
            case "lock_contention" -> "the exemplar traces' JFR shows no monitor-enter or park on this lock during the request, or "
                    + "making the critical section lock-free (or per-key) does not move the endpoint's p99.";
            case "gc_pause" -> "the slow requests do not line up with pauses in the GC log, or a larger young generation (fewer "
                    + "pauses) leaves the endpoint's p99 unchanged.";
            case "cpu_hotspot" -> "the host was CPU-saturated (then the time is run-queue wait, not this method), or a JMH benchmark "
                    + "of the frame shows a per-request cost far below the sampled CPU time.";
            case "virtual_thread_pinning" -> "the pins disappear under -Djdk.tracePinnedThreads / JFR at the same load while latency "
                    + "stays, or raising the carrier parallelism does not move the endpoint's latency.";
            case "tail_latency" -> "the slow requests are spread evenly over the run and JFR shows no pause at their start times.";
            case "unattributed_time" -> "a profile attributes the time to spans that are already measured (then instrumentation is wrong).";
            default -> "the measured signature does not reproduce under the same load.";
        };
    }
}
