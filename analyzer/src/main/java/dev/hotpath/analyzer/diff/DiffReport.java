package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.doc.Document;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The before/after comparison as a {@link Document}: verdicts, endpoint deltas, finding status, method. */
public final class DiffReport {
    private DiffReport() {
    }

    public static Document build(RunDiff.Result r, String beforeLabel, String afterLabel) {
        List<dev.hotpath.analyzer.doc.Section> sections = new ArrayList<>();
        sections.add(verdict(r));
        sections.add(endpoints(r));
        sections.add(findings(r));
        sections.add(method());
        return new Document("hotpath diff", String.format("BEFORE `%s` (%s to %s), AFTER `%s` (%s to %s).", beforeLabel,
                nz(r.before().windowStart()), nz(r.before().windowEnd()), afterLabel, nz(r.after().windowStart()),
                nz(r.after().windowEnd())), sections);
    }

    private static dev.hotpath.analyzer.doc.Section verdict(RunDiff.Result r) {
        SectionBuilder s = new SectionBuilder(1, "Verdict");
        List<String> items = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            List<String> eps = r.endpoints().stream().filter(e -> e.verdict() == v).map(EndpointDelta::endpoint).toList();
            if (!eps.isEmpty()) {
                items.add("**" + v.label() + "**: " + String.join(", ", eps));
            }
        }
        for (FindingStatus st : FindingStatus.values()) {
            List<String> fs = r.findings().stream().filter(f -> f.status() == st)
                    .map(f -> Fmt.code(f.id()) + " (" + f.any().kind() + " on " + f.any().endpointName() + ")").toList();
            if (!fs.isEmpty()) {
                items.add("Findings " + st.label() + ": " + String.join(", ", fs));
            }
        }
        if (r.findings().isEmpty()) {
            items.add("Findings: none in either run.");
        }
        s.bullets(items);
        return s.build();
    }

    private static dev.hotpath.analyzer.doc.Section endpoints(RunDiff.Result r) {
        SectionBuilder s = new SectionBuilder(2, "Endpoints");
        s.para("Before -> after from summary.json (every request); the p95 interval is the bootstrap 95% confidence interval of "
                + "the difference, from the endpoint's whole-run latency histograms (every request) where both runs have them, "
                + "else from kept traces (the \"from\" column says which).");
        SectionBuilder.TableBuilder t = s.table().text("Endpoint").num("Requests").num("p50 ms").num("p95 ms").num("p99 ms")
                .num("req/s").num("Error rate").text("p95 difference, 95% CI (n before vs after)").text("From").text("Verdict");
        for (EndpointDelta d : r.endpoints()) {
            EndpointStats b = d.before();
            EndpointStats a = d.after();
            t.row(d.endpoint(), pair(b == null ? null : (double) b.count(), a == null ? null : (double) a.count(), true),
                    delta(b == null ? null : b.p50Ms(), a == null ? null : a.p50Ms()),
                    delta(b == null ? null : b.p95Ms(), a == null ? null : a.p95Ms()),
                    delta(b == null ? null : b.p99Ms(), a == null ? null : a.p99Ms()),
                    rps(b, a), errors(b, a), interval(d.p95()), d.basis() == null ? "-" : d.basis().label(),
                    "**" + d.verdict().label() + "** (" + d.reason() + ")");
        }
        t.end();
        List<String> p50 = new ArrayList<>();
        for (EndpointDelta d : r.endpoints()) {
            if (d.p50() != null) {
                p50.add(d.endpoint() + ": " + interval(d.p50()));
            }
        }
        if (!p50.isEmpty()) {
            s.para("p50 difference, 95% CI: " + String.join("; ", p50) + ".");
        }
        return s.build();
    }

    private static dev.hotpath.analyzer.doc.Section findings(RunDiff.Result r) {
        SectionBuilder s = new SectionBuilder(3, "Findings");
        if (r.findings().isEmpty()) {
            s.para("No finding in either run.");
            return s.build();
        }
        SectionBuilder.TableBuilder t = s.table().text("Id").text("Kind").text("Endpoint").text("Status").num("Score")
                .num("Time lost ms/min").text("Title");
        for (FindingChange c : r.findings()) {
            Finding b = c.before();
            Finding a = c.after();
            t.row(Fmt.code(c.id()), c.any().kind(), c.any().endpointName(), "**" + c.status().label() + "**",
                    (b == null ? "-" : String.valueOf(b.score())) + " -> " + (a == null ? "-" : String.valueOf(a.score())),
                    (b == null ? "-" : Fmt.num(b.timeLostMsPerMinute())) + " -> " + (a == null ? "-" : Fmt.num(a.timeLostMsPerMinute())),
                    c.any().title());
        }
        t.end();
        return s.build();
    }

    private static dev.hotpath.analyzer.doc.Section method() {
        SectionBuilder s = new SectionBuilder(4, "Method and caveats");
        s.bullets(List.of(
                String.format(Locale.ROOT, "Latency verdict: %d bootstrap resamples per side of the endpoint's latency distribution; "
                        + "improved when the p95 difference's 95%% interval is entirely below zero, regression when entirely above, "
                        + "otherwise no significant change. Needs at least %d requests (or kept traces) per side.",
                        PercentileBootstrap.DEFAULT_RESAMPLES, RunDiff.MIN_SAMPLES),
                "The distribution is the whole-run HdrHistogram of every request (summary.json `histogram`, 3 significant digits); "
                        + "a resample's percentile is drawn exactly as its k-th smallest value, so the interval costs nothing per request. "
                        + "Runs without histograms (older collectors) fall back to kept traces, which over-represent slow and "
                        + "suspicious requests: alike on both sides, but not the summary's percentiles.",
                "The bootstrap treats requests as independent; in a load test, slow periods come in bursts, so the true interval "
                        + "is somewhat wider. Treat a change just outside the interval as a lead and rerun both sides to confirm it.",
                "Error rates: two-proportion z-test on the summary's exact counts; z >= 1.96 marks a regression (errors).",
                String.format(Locale.ROOT, "Findings are matched by stable id; better/worse when the score moves by >= %d or time lost "
                        + "per minute by >= %d%%, in one direction.", RunDiff.SCORE_STEP, RunDiff.TIME_LOST_STEP_PERCENT),
                "Compare runs of the same load (rate, mix, duration, data shape); a different load changes everything."));
        return s.build();
    }

    private static String interval(PercentileBootstrap.Interval i) {
        if (i == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%s [%s, %s] (%d vs %d)", Fmt.signedMs(i.difference()), Fmt.signedMs(i.lower()),
                Fmt.signedMs(i.upper()), i.nBefore(), i.nAfter());
    }

    private static String delta(Double b, Double a) {
        if (b == null || a == null) {
            return (b == null ? "-" : Fmt.num(b)) + " -> " + (a == null ? "-" : Fmt.num(a));
        }
        String rel = b > 0 ? String.format(Locale.ROOT, ", %+.0f%%", (a - b) / b * 100) : "";
        return Fmt.num(b) + " -> " + Fmt.num(a) + " (" + Fmt.signedMs(a - b) + rel + ")";
    }

    private static String pair(Double b, Double a, boolean integer) {
        return (b == null ? "-" : Fmt.count(b.longValue())) + " -> " + (a == null ? "-" : Fmt.count(a.longValue()));
    }

    private static String rps(EndpointStats b, EndpointStats a) {
        return (b == null ? "-" : Fmt.rps(b.rps())) + " -> " + (a == null ? "-" : Fmt.rps(a.rps()));
    }

    private static String errors(EndpointStats b, EndpointStats a) {
        return (b == null ? "-" : Fmt.rate(b.errorRate())) + " -> " + (a == null ? "-" : Fmt.rate(a.errorRate()));
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }
}
