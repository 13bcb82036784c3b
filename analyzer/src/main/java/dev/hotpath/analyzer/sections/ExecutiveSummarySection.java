package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.EndpointTimeLost;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.slo.RequestPath;
import dev.hotpath.analyzer.slo.SloObjective;
import dev.hotpath.analyzer.slo.SloResult;
import dev.hotpath.analyzer.slo.SloStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** 1. Executive Summary: SLO status per path, the bottleneck in one sentence, what is slow, where, how much. */
public final class ExecutiveSummarySection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        Run run = a.run();
        SectionBuilder s = new SectionBuilder(1, "Executive Summary");
        double rps = run.endpoints().stream().mapToDouble(EndpointStats::rps).sum();
        s.para(String.format("Run `%s`: %s, window %s to %s (%.1f s), %s requests on %d endpoints (%s req/s), %d kept traces, %d finding(s).",
                ctx.runLabel(), run.services().isEmpty() ? "service unknown" : "service " + String.join(", ", run.services()),
                nz(run.windowStart()), nz(run.windowEnd()), run.windowSeconds(), Fmt.count(run.totalRequests()), run.endpoints().size(),
                Fmt.rps(rps), run.traces().size(), run.findings().size()));

        s.heading("SLO status");
        SectionBuilder.TableBuilder t = s.table().text("Path").text("Objective").text("Target").num("Measured").text("Worst endpoint")
                .num("Requests").text("Status");
        for (SloResult r : a.slo()) {
            t.row(r.objective().path().label(), r.objective().metric().label(), r.objective().targetText(), measured(r),
                    r.worstEndpoint() == null ? "-" : r.worstEndpoint(), Fmt.count(r.requests()), status(r));
        }
        t.end();
        s.para(verdict(a));

        s.heading("Bottleneck");
        s.para(BottleneckStatement.of(a));

        s.heading("What is slow, where, how much");
        s.bullets(whatIsSlow(a));

        s.heading("Assumptions");
        s.bullets(assumptions(a));
        return s.build();
    }

    private static String measured(SloResult r) {
        if (r.status() == SloStatus.NO_DATA) {
            return "-";
        }
        return r.objective().metric().isLatency() ? Fmt.ms(r.measured()) : Fmt.rate(r.measured());
    }

    static String status(SloResult r) {
        return switch (r.status()) {
            case MET -> "met";
            case BREACHED -> "**BREACHED**";
            case NO_DATA -> "no data";
        };
    }

    private static String verdict(RunAnalysis a) {
        long breached = a.breachedCount();
        long noData = a.slo().stream().filter(r -> r.status() == SloStatus.NO_DATA).count();
        int total = a.slo().size();
        String noDataText = noData == 0 ? "" : String.format(" (%d without traffic in this run)", noData);
        if (breached == 0) {
            return String.format("**All %d evaluated objectives are met**%s at %s req/s.", total - noData, noDataText,
                    Fmt.rps(a.run().endpoints().stream().mapToDouble(EndpointStats::rps).sum()));
        }
        List<String> parts = new ArrayList<>();
        for (SloResult r : a.slo()) {
            if (r.status() == SloStatus.BREACHED) {
                List<String> eps = new ArrayList<>();
                for (EndpointStats e : r.breaching()) {
                    eps.add(e.name() + " " + (r.objective().metric().isLatency()
                            ? Fmt.ms(dev.hotpath.analyzer.slo.SloEvaluator.value(e, r.objective().metric())) : Fmt.rate(e.errorRate())));
                }
                parts.add(r.objective().key() + " " + r.objective().targetText() + " (" + String.join(", ", eps) + ")");
            }
        }
        return String.format("**%d of %d objectives breached**%s: %s.", breached, total, noDataText, String.join("; ", parts));
    }

    private static List<String> whatIsSlow(RunAnalysis a) {
        Run run = a.run();
        List<String> out = new ArrayList<>();
        run.endpoints().stream().max(Comparator.comparingDouble(EndpointStats::p95Ms)).ifPresent(e -> out.add(String.format(
                "Slowest endpoint by p95: %s, p50 %s, p95 %s, p99 %s over %s requests (%s path).", e.name(), Fmt.ms(e.p50Ms()),
                Fmt.ms(e.p95Ms()), Fmt.ms(e.p99Ms()), Fmt.count(e.count()), e.path().label())));
        if (!a.timeLost().isEmpty()) {
            EndpointTimeLost top = a.timeLost().get(0);
            out.add(String.format("Most user time: %s, %s of %s total request time (%s), latency x frequency.", top.endpoint().name(),
                    Fmt.ms(top.totalMs()), Fmt.ms(run.totalMs()), Fmt.share(top.share())));
        }
        for (RequestPath p : List.of(RequestPath.SUBMIT, RequestPath.ACCESS)) {
            List<EndpointStats> eps = run.endpoints().stream().filter(e -> e.path() == p).toList();
            if (!eps.isEmpty()) {
                EndpointStats worst = eps.stream().max(Comparator.comparingDouble(EndpointStats::p95Ms)).orElseThrow();
                long n = eps.stream().mapToLong(EndpointStats::count).sum();
                out.add(String.format("%s path: %d endpoint(s), %s requests; worst p95 %s (%s), worst p99 %s.",
                        p == RequestPath.SUBMIT ? "Submit" : "Access", eps.size(), Fmt.count(n), Fmt.ms(worst.p95Ms()), worst.name(),
                        Fmt.ms(eps.stream().mapToDouble(EndpointStats::p99Ms).max().orElse(0))));
            }
        }
        if (!run.findings().isEmpty()) {
            Finding f = run.findings().get(0);
            out.add(String.format("Where in the code: %s; exemplar trace %s.",
                    f.codePointers().isEmpty() ? "no code pointer recorded" : Fmt.code(f.codePointers().get(0).toString()),
                    f.exemplarTraceIds().isEmpty() ? "none" : f.exemplarTraceIds().get(0)));
            if (run.findings().size() > 1) {
                out.add(String.format("%d more finding(s) ranked in Bottleneck Hypotheses.", run.findings().size() - 1));
            }
        } else {
            out.add("No detector finding in this run (detectors: N+1 queries).");
        }
        return out;
    }

    private static List<String> assumptions(RunAnalysis a) {
        Run run = a.run();
        List<String> out = new ArrayList<>();
        List<String> objectives = new ArrayList<>();
        for (SloObjective o : a.targets().objectives()) {
            objectives.add(o.key() + " " + o.targetText() + (o.userDefined() ? " (given)" : " (default)"));
        }
        out.add((a.targets().anyUserDefined() ? "SLO targets from `--slo`, playbook defaults for the rest: "
                : "No SLO was given, so the playbook defaults apply: ") + String.join(", ", objectives) + ".");
        out.add("A path's latency objective is met only if every endpoint on it meets it: summary.json carries per-endpoint "
                + "percentiles, not a merged histogram per path. Its error rate is the path's errors over its requests.");
        List<String> other = run.endpoints().stream().filter(e -> e.path() == RequestPath.OTHER).map(EndpointStats::name).toList();
        out.add("Submit path = POST, PUT, PATCH, DELETE; access path = GET, HEAD"
                + (other.isEmpty() ? "." : "; in neither SLO: " + String.join(", ", other) + "."));
        out.add("Latency is the server span of every request (agent histograms); time before the handler (accept queue, network) "
                + (run.clientLatency().isEmpty() ? "is not measured in this run." : "is in the client-side table from load.json."));
        out.add("Business impact: the run has no revenue or conversion data, so impact is stated as user time lost "
                + "(latency x frequency) and the share of requests affected.");
        if (run.loadPlan() != null) {
            out.add(String.format("Revenue-critical journeys are unknown; the load mix is taken as representative (%s at %d req/s, "
                            + "%d s ramp-up, %d s steady, %d s ramp-down).", Fmt.code(run.loadPlan().mix()), run.loadPlan().ratePerSecond(),
                    run.loadPlan().rampUpSeconds(), run.loadPlan().steadySeconds(), run.loadPlan().rampDownSeconds()));
        } else {
            out.add("Revenue-critical journeys and the traffic mix are unknown (no load.json); every endpoint is weighted by its traffic.");
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }
}
