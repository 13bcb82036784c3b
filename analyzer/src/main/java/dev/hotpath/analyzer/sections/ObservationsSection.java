package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.EndpointBreakdown;
import dev.hotpath.analyzer.analysis.EndpointTimeLost;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Block;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.ClientLatency;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.LoadStep;
import dev.hotpath.analyzer.run.PoolStats;
import dev.hotpath.analyzer.run.QueryStats;
import dev.hotpath.analyzer.run.Run;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 2. Observations: the endpoint table, top 3 endpoints by time lost, top queries by total time, and
 * where time goes per endpoint as far as the run measured it.
 */
public final class ObservationsSection implements ReportSection {
    static final int TOP_QUERIES = 10;

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        Run run = a.run();
        SectionBuilder s = new SectionBuilder(2, "Observations");
        endpoints(run, s);
        client(run, s);
        timeLost(a, s);
        queries(a, s);
        breakdown(a, s);
        JvmTimeTable.render(run, s);
        pools(run, s);
        concurrency(run, s);
        return s.build();
    }

    /** Every pool the agents sampled or requests waited for, with its saturation and who waited. */
    private static void pools(Run run, SectionBuilder s) {
        if (run.pools().isEmpty()) {
            return;
        }
        s.heading("Pools (connection and thread pools)");
        s.para("Sampled by the agent every `pool.sample.ms`; waits from every request (not only kept ones). Hold time by "
                + "Little's law: mean active / uses per second. `n/a`: the pool could not be read, only its waits are known.");
        SectionBuilder.TableBuilder t = s.table().text("Pool").text("Kind").num("Max").num("Samples at max").num("Mean active")
                .num("Mean pending").num("Peak pending").num("Hold ms").num("Timeouts").num("Rejections").num("Wait total ms")
                .text("Waiting endpoints");
        for (PoolStats p : run.pools()) {
            t.row(Fmt.code(p.name()), p.kind(), p.maxSize() == null ? "n/a" : String.valueOf(p.maxSize()),
                    p.shareOfSamplesAtMax() == null ? "n/a" : Fmt.share(p.shareOfSamplesAtMax()), opt(p.activeMean()),
                    opt(p.pendingMean()), p.pendingMax() == null ? "n/a" : String.valueOf(p.pendingMax()), opt(p.holdTimeMs()),
                    Fmt.count(p.timeouts()), Fmt.count(p.rejections()), Fmt.num(p.waitMs()), p.waiting().isEmpty() ? "-" : p.waiting());
        }
        t.end();
    }

    private static String opt(Double v) {
        return v == null ? "n/a" : Fmt.num(v);
    }

    /** For each finding that measured a concurrency signature (pool exhaustion): the sweep's steps, table and chart. */
    private static void concurrency(Run run, SectionBuilder s) {
        int n = 0;
        for (Finding f : run.findings()) {
            JsonNode c = f.evidence() == null ? null : f.evidence().path("concurrency");
            if (c == null || !c.path("steps").isArray() || c.path("steps").size() < 2) {
                continue;
            }
            String pool = f.evidence().at("/pool/name").asText("the pool");
            String title = "Latency and wait share vs concurrency: " + f.endpointName() + " waiting for " + pool;
            s.heading(title);
            s.para(String.format(Locale.ROOT, "Per stats interval, concurrency = the service's request time / interval length (Little's law), "
                    + "grouped into steps. Spearman rho vs concurrency: latency %s, wait share %s, over %d intervals.",
                    rho(c.path("spearmanLatency")), rho(c.path("spearmanWaitShare")), c.path("windows").asInt()));
            SectionBuilder.TableBuilder t = s.table().num("Step").num("In flight (mean)").num("Requests").num("Mean ms").num("p95 ms")
                    .num("Wait share");
            List<Block.ConcurrencyChart.ConcurrencyPoint> points = new ArrayList<>();
            int step = 1;
            for (JsonNode p : c.path("steps")) {
                Double p95 = p.path("p95Ms").isNumber() ? p.path("p95Ms").asDouble() : null;
                t.row(String.valueOf(step++), Fmt.num(p.path("concurrency").asDouble()), Fmt.count(p.path("requests").asLong()),
                        Fmt.num(p.path("meanLatencyMs").asDouble()), p95 == null ? "n/a" : Fmt.num(p95),
                        Fmt.share(p.path("waitShare").asDouble()));
                points.add(new Block.ConcurrencyChart.ConcurrencyPoint(p.path("concurrency").asDouble(), p.path("meanLatencyMs").asDouble(),
                        p95, p.path("waitShare").asDouble()));
            }
            t.end();
            s.add(new Block.ConcurrencyChart("concurrency-chart-" + (++n), title, points));
        }
    }

    private static String rho(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.2f", v.asDouble()) : "n/a";
    }

    private static void endpoints(Run run, SectionBuilder s) {
        s.heading("Endpoints");
        if (run.endpoints().isEmpty()) {
            s.para(run.hasSummary() ? "summary.json lists no endpoint: no request reached an instrumented entry point."
                    : "No summary.json in the run directory: endpoint statistics are not available.");
            return;
        }
        s.para("Every request, from the agents' HdrHistograms (column Source `agent-stats`; `traces` means derived from kept traces only).");
        SectionBuilder.TableBuilder t = s.table().text("Endpoint").text("Path").num("Requests").num("req/s").num("p50 ms").num("p95 ms")
                .num("p99 ms").num("Error rate").num("Total time s").text("Source");
        List<Block.LatencyChart.LatencyBar> bars = new ArrayList<>();
        for (EndpointStats e : run.endpoints()) {
            t.row(e.name(), e.path().label(), Fmt.count(e.count()), Fmt.rps(e.rps()), Fmt.num(e.p50Ms()), Fmt.num(e.p95Ms()),
                    Fmt.num(e.p99Ms()), Fmt.rate(e.errorRate()), String.format(java.util.Locale.ROOT, "%.3f", e.totalMs() / 1000),
                    e.source() == null ? "-" : e.source());
            bars.add(new Block.LatencyChart.LatencyBar(e.name(), e.p50Ms(), e.p95Ms(), e.p99Ms()));
        }
        t.end();
        s.add(new Block.LatencyChart(bars));
    }

    private static void client(Run run, SectionBuilder s) {
        if (run.clientLatency().isEmpty()) {
            return;
        }
        s.heading("Client-observed latency (load.json)");
        s.para("The load driver's view: completion minus intended start, so queueing and network outside the server span are "
                + "included (coordinated-omission free). The difference to the server p95 is time the server span does not see.");
        SectionBuilder.TableBuilder t = s.table().text("Endpoint").num("Requests").num("Errors").num("client p50 ms").num("client p95 ms")
                .num("client p99 ms").num("server p95 ms").num("client - server p95 ms");
        for (ClientLatency c : run.clientLatency()) {
            Double server = run.endpoint(c.method(), c.route()).map(EndpointStats::p95Ms).orElse(null);
            t.row(c.name(), Fmt.count(c.count()), Fmt.count(c.errors()), Fmt.num(c.p50Ms()), Fmt.num(c.p95Ms()), Fmt.num(c.p99Ms()),
                    server == null ? "n/a" : Fmt.num(server), server == null ? "n/a" : Fmt.num(c.p95Ms() - server));
        }
        t.end();
        steps(run, s);
    }

    /** A concurrency sweep's steps: client p95 per endpoint at each offered rate, so the knee shows where it is. */
    private static void steps(Run run, SectionBuilder s) {
        if (run.loadSteps().size() < 2) {
            return;
        }
        s.heading("Client p95 per load step (concurrency sweep)");
        s.para("The load driver raised the offered rate in equal steps; each cell is the client p95 in ms of the requests "
                + "scheduled in that step (n/a: none). An endpoint whose p95 climbs with the rate while others stay flat is the one "
                + "waiting for a shared resource.");
        SectionBuilder.TableBuilder t = s.table().text("Endpoint");
        for (LoadStep st : run.loadSteps()) {
            t.num("step " + st.step() + " (" + Fmt.num(st.ratePerSecond()) + "/s)");
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        run.clientLatency().forEach(c -> names.add(c.name()));
        run.loadSteps().forEach(st -> st.endpoints().forEach(c -> names.add(c.name())));
        for (String name : names) {
            List<String> row = new ArrayList<>();
            row.add(name);
            for (LoadStep st : run.loadSteps()) {
                row.add(st.endpoints().stream().filter(c -> c.name().equals(name)).findFirst().map(c -> Fmt.num(c.p95Ms())).orElse("n/a"));
            }
            t.row(row.toArray(String[]::new));
        }
        t.end();
    }

    private static void timeLost(RunAnalysis a, SectionBuilder s) {
        s.heading("Top 3 endpoints by total time lost (latency x frequency)");
        if (a.timeLost().isEmpty()) {
            s.para("No endpoint statistics.");
            return;
        }
        SectionBuilder.TableBuilder t = s.table().num("Rank").text("Endpoint").num("Requests").num("Mean ms").num("p95 ms")
                .num("Total time s").num("Share of all request time");
        int rank = 1;
        for (EndpointTimeLost r : a.timeLost().subList(0, Math.min(3, a.timeLost().size()))) {
            t.row(String.valueOf(rank++), r.endpoint().name() + (r.estimated() ? " (estimated: count x p50)" : ""),
                    Fmt.count(r.endpoint().count()), Fmt.num(r.endpoint().meanMs()), Fmt.num(r.endpoint().p95Ms()),
                    String.format(java.util.Locale.ROOT, "%.3f", r.totalMs() / 1000), Fmt.share(r.share()));
        }
        t.end();
        double top3 = a.timeLost().subList(0, Math.min(3, a.timeLost().size())).stream().mapToDouble(EndpointTimeLost::share).sum();
        s.para(String.format("These endpoints account for %s of all request time (%s over the run).", Fmt.share(top3),
                Fmt.ms(a.run().totalMs())));
    }

    private static void queries(RunAnalysis a, SectionBuilder s) {
        Run run = a.run();
        s.heading("Top queries by total time");
        if (run.queries().isEmpty()) {
            s.para("No SQL statistics in summary.json (no JDBC statements recorded).");
            return;
        }
        SectionBuilder.TableBuilder t = s.table().num("#").text("Fingerprint").text("Statement").num("Calls").num("Total ms")
                .num("Mean ms").num("p95 ms").num("p99 ms").text("Seen in requests to");
        List<String> offPath = new ArrayList<>();
        int i = 1;
        for (QueryStats q : run.queries()) {
            boolean onPath = a.queryUsage().onRequestPath(q.fingerprint());
            if (!onPath) {
                offPath.add(Fmt.code(q.fingerprint()) + " (" + Fmt.ms(q.totalMs()) + ")");
            }
            if (i > TOP_QUERIES) {
                continue;
            }
            t.row(String.valueOf(i++), Fmt.code(q.fingerprint()), Fmt.code(Fmt.truncate(q.statement(), 100)), Fmt.count(q.count()),
                    Fmt.num(q.totalMs()), Fmt.num(q.meanMs()), Fmt.num(q.p95Ms()), Fmt.num(q.p99Ms()),
                    onPath ? String.join(", ", a.queryUsage().endpoints(q.fingerprint())) : "no kept request");
        }
        t.end();
        if (!offPath.isEmpty()) {
            s.para(String.format("%d of the %d listed statements never ran inside a kept request (startup, data seeding or background "
                    + "work, or requests that were not kept): %s. They cost the database, not the measured requests.",
                    offPath.size(), run.queries().size(), String.join(", ", offPath)));
        }
    }

    private static void breakdown(RunAnalysis a, SectionBuilder s) {
        s.heading("Where time goes per endpoint (kept traces)");
        List<EndpointBreakdown> measured = a.breakdowns().stream().filter(b -> b.traces() > 0).toList();
        if (measured.isEmpty()) {
            s.para("No kept traces in the run (traces.jsonl missing or empty): the time breakdown is not measured.");
            return;
        }
        boolean anyHttp = measured.stream().anyMatch(b -> b.httpMs() > 0);
        SectionBuilder.TableBuilder t = s.table().text("Endpoint").num("Kept traces").num("Median ms").num("DB").num("Pool wait");
        if (anyHttp) {
            t.num("HTTP out");
        }
        t.num("Other (app + unmeasured)").num("DB calls/request p50").text("Slowest kept trace");
        List<Block.BreakdownChart.BreakdownBar> bars = new ArrayList<>();
        for (EndpointBreakdown b : measured) {
            List<String> row = new ArrayList<>(List.of(b.name(), String.valueOf(b.traces()), Fmt.num(b.durationP50Ms()),
                    part(b, b.dbMs()), part(b, b.poolWaitMs())));
            if (anyHttp) {
                row.add(part(b, b.httpMs()));
            }
            row.addAll(List.of(part(b, b.otherMs()), Fmt.num(b.dbCallsP50()), b.slowestTraceId() + " (" + Fmt.ms(b.slowestMs()) + ")"));
            t.row(row.toArray(String[]::new));
            List<Double> parts = anyHttp ? List.of(b.dbMs(), b.poolWaitMs(), b.httpMs(), b.otherMs())
                    : List.of(b.dbMs(), b.poolWaitMs(), b.otherMs());
            bars.add(new Block.BreakdownChart.BreakdownBar(b.name(), b.traces() + " traces", parts));
        }
        t.end();
        s.add(new Block.BreakdownChart(anyHttp ? List.of("DB", "pool wait", "HTTP out", "other") : List.of("DB", "pool wait", "other"), bars));
        List<String> notes = new ArrayList<>();
        notes.add("Shares are of the summed request time of each endpoint's kept traces; DB is the union of its statement spans "
                + "(parallel statements count once), pool wait the connection-acquire spans, other is what no span covers.");
        List<String> unmeasured = new ArrayList<>();
        if (a.run().jfr() != null) {
            notes.add("Lock wait, GC pauses and CPU are inside 'other' here; the JFR table below splits them out.");
        } else if (a.run().jfrFiles().isEmpty()) {
            unmeasured.add("lock wait, GC pauses and CPU (no JFR in this run; they are inside 'other')");
        }
        if (!anyHttp) {
            unmeasured.add("outbound HTTP (no HTTP client spans)");
        }
        unmeasured.add("thread-pool queue wait (not recorded)");
        notes.add("Not measured: " + String.join("; ", unmeasured) + ".");
        List<String> untraced = a.breakdowns().stream().filter(b -> b.traces() == 0).map(EndpointBreakdown::name).toList();
        if (!untraced.isEmpty()) {
            notes.add("No kept trace, so no breakdown, for: " + String.join(", ", untraced) + ".");
        }
        notes.add("Kept traces are biased towards slow and suspicious requests (see Instrumentation Gaps), so these shares describe "
                + "the requests worth explaining, not the median request.");
        s.bullets(notes);
    }

    private static String part(EndpointBreakdown b, double ms) {
        return Fmt.share(b.share(ms)) + " (" + Fmt.ms(ms) + ")";
    }
}
