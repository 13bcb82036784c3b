package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.EndpointBreakdown;
import dev.hotpath.analyzer.analysis.Hypothesis;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.CodePointer;
import dev.hotpath.analyzer.run.LoadPlan;
import dev.hotpath.analyzer.run.QueryStats;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 8. Appendix: trace ids, query fingerprints, code pointers, the commands that reproduce the run, raw counters. */
public final class AppendixSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        Run run = a.run();
        SectionBuilder s = new SectionBuilder(8, "Appendix");
        traces(a, s);
        fingerprints(a, s);
        code(a, s);
        commands(run, ctx, s);
        counters(run, s);
        s.heading("Flame graphs and profiles");
        List<dev.hotpath.analyzer.doc.Block.Links.Link> flames = FlameGraphLinks.of(run);
        if (!flames.isEmpty()) {
            s.links(flames);
        } else if (!run.jfrFiles().isEmpty()) {
            s.para("No flame graph: no finding's endpoint had execution or wall samples inside its slowest requests.");
        }
        s.para(run.jfrFiles().isEmpty() ? "None in this run (no JFR, no deep mode)." : "JFR files: " + String.join(", ", run.jfrFiles()) + ".");
        return s.build();
    }

    private static void traces(RunAnalysis a, SectionBuilder s) {
        Map<String, List<String>> why = new LinkedHashMap<>();
        for (int i = 0; i < a.hypotheses().size(); i++) {
            for (String id : a.hypotheses().get(i).traceIds()) {
                why.computeIfAbsent(id, k -> new ArrayList<>()).add("exemplar of " + HypothesesSection.id(i));
            }
        }
        for (EndpointBreakdown b : a.breakdowns()) {
            if (b.slowestTraceId() != null) {
                why.computeIfAbsent(b.slowestTraceId(), k -> new ArrayList<>()).add("slowest kept trace of " + b.name());
            }
        }
        s.heading("Trace ids");
        if (why.isEmpty()) {
            s.para("No trace ids: the run has no kept traces.");
            return;
        }
        SectionBuilder.TableBuilder t = s.table().text("Trace id").text("Endpoint").num("Duration ms").num("Spans").num("DB calls")
                .text("Kept because").text("Listed as");
        for (Map.Entry<String, List<String>> e : why.entrySet()) {
            TraceDigest d = a.run().trace(e.getKey()).orElse(null);
            if (d == null) {
                t.row(e.getKey(), "not in traces.jsonl", "n/a", "n/a", "n/a", "-", String.join("; ", e.getValue()));
            } else {
                t.row(d.traceId(), d.endpointName(), Fmt.num(d.durationMs()), String.valueOf(d.spanCount()), String.valueOf(d.dbCalls()),
                        d.keepReason() == null ? "-" : d.keepReason(), String.join("; ", e.getValue()));
            }
        }
        t.end();
    }

    private static void fingerprints(RunAnalysis a, SectionBuilder s) {
        s.heading("Query fingerprints");
        List<QueryStats> qs = a.run().queries();
        if (qs.isEmpty()) {
            s.para("None recorded.");
            return;
        }
        SectionBuilder.TableBuilder t = s.table().text("Fingerprint").text("System").text("Sanitized statement");
        for (QueryStats q : qs) {
            t.row(Fmt.code(q.fingerprint()), q.system() == null ? "-" : q.system(), Fmt.code(q.statement() == null ? "(unknown)" : q.statement()));
        }
        t.end();
    }

    private static void code(RunAnalysis a, SectionBuilder s) {
        s.heading("Code pointers");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < a.hypotheses().size(); i++) {
            Hypothesis h = a.hypotheses().get(i);
            for (CodePointer c : h.code()) {
                items.add(Fmt.code(c.toString()) + " (" + HypothesesSection.id(i)
                        + (h.fingerprint() == null ? "" : ", fingerprint " + Fmt.code(h.fingerprint())) + ")");
            }
        }
        if (items.isEmpty()) {
            s.para("None: the agent records the first application frame only on statements repeated within a request.");
        } else {
            s.bullets(items);
        }
    }

    private static void commands(Run run, ReportContext ctx, SectionBuilder s) {
        s.heading("Reproduce");
        String dir = ctx.runLabel();
        StringBuilder c = new StringBuilder();
        LoadPlan p = run.loadPlan();
        if (p != null) {
            c.append("# the load of this run (load.json plan); point --target at the service under test\n");
            c.append(String.format("java -cp examples/target/hotpath-examples.jar dev.hotpath.examples.load.LoadDriver \\%n"
                            + "  --target %s --rate %d --ramp-up %d --steady %d --ramp-down %d \\%n"
                            + "  --max-in-flight %d --seed %d --mix '%s' --out %s/load.json%n",
                    p.target() == null ? "http://127.0.0.1:8080" : p.target(), p.ratePerSecond(), p.rampUpSeconds(), p.steadySeconds(),
                    p.rampDownSeconds(), p.maxInFlight(), p.seed(), p.mix(), dir));
            if (run.services().contains("shop")) {
                c.append("# or the whole demo (example shop + agent + collector + the same load)\n");
                c.append(String.format("./hotpath demo --out %s --rate %d --steady %d%n", dir, p.ratePerSecond(), p.steadySeconds()));
            }
        } else {
            c.append("# collector for a new run; start the service with -javaagent:agent/target/hotpath-agent.jar=collector=http://127.0.0.1:4318\n");
            c.append("./hotpath collector --out ").append(dir).append('\n');
        }
        c.append("# this report, the CI gate, and the before/after comparison\n");
        c.append("./hotpath report ").append(dir).append(ctx.sloArg()).append('\n');
        c.append("./hotpath check ").append(dir).append(ctx.sloArg()).append(" --fail-on high\n");
        c.append("./hotpath diff ").append(dir).append(" AFTER_DIR\n");
        c.append("# one trace, pretty-printed\n");
        c.append("grep '\"traceId\":\"<trace id>\"' ").append(dir).append("/traces.jsonl | python3 -m json.tool\n");
        s.code("bash", c.toString());
    }

    private static void counters(Run run, SectionBuilder s) {
        s.heading("Counters");
        if (run.agentCounters().isEmpty() && run.collectorCounters().isEmpty()) {
            s.para("No counters in summary.json.");
            return;
        }
        SectionBuilder.TableBuilder t = s.table().text("Source").text("Counter").num("Value");
        run.agentCounters().forEach((k, v) -> t.row("agent", Fmt.code(k), Fmt.count(v)));
        run.collectorCounters().forEach((k, v) -> t.row("collector", Fmt.code(k), Fmt.count(v)));
        t.end();
    }
}
