package dev.hotpath.analyzer.check;

import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.Severity;
import dev.hotpath.analyzer.slo.SloEvaluator;
import dev.hotpath.analyzer.slo.SloResult;
import dev.hotpath.analyzer.slo.SloStatus;
import dev.hotpath.analyzer.slo.SloTargets;
import java.util.ArrayList;
import java.util.List;

/** The CI gate: each SLO objective and each finding becomes a testcase; failures decide the exit code. */
public final class CheckEvaluator {
    public static final String SLO_SUITE = "hotpath.slo";
    public static final String FINDINGS_SUITE = "hotpath.findings";

    private CheckEvaluator() {
    }

    public static CheckResult evaluate(Run run, SloTargets targets, Severity failOn) {
        List<CheckCase> cases = new ArrayList<>();
        long breaches = 0;
        long judged = 0;
        for (SloResult r : SloEvaluator.evaluate(run.endpoints(), targets)) {
            String name = r.objective().key() + " " + r.objective().targetText();
            if (r.status() == SloStatus.NO_DATA) {
                cases.add(new CheckCase(SLO_SUITE, name, false, true, "no " + r.objective().path().label() + " traffic in the run", ""));
                continue;
            }
            judged++;
            String measured = r.objective().metric().isLatency() ? Fmt.ms(r.measured()) + " (" + r.worstEndpoint() + ")"
                    : Fmt.rate(r.measured()) + " over " + Fmt.count(r.requests()) + " requests";
            if (r.status() == SloStatus.BREACHED) {
                breaches++;
                List<String> lines = new ArrayList<>();
                for (EndpointStats e : r.breaching()) {
                    lines.add(e.name() + ": " + (r.objective().metric().isLatency()
                            ? Fmt.ms(SloEvaluator.value(e, r.objective().metric())) : Fmt.rate(e.errorRate()))
                            + " over " + Fmt.count(e.count()) + " requests");
                }
                cases.add(new CheckCase(SLO_SUITE, name, true, false, r.objective().key() + " is " + measured + ", target "
                        + r.objective().targetText(), String.join("\n", lines)));
            } else {
                cases.add(new CheckCase(SLO_SUITE, name, false, false, r.objective().key() + " is " + measured, ""));
            }
        }
        long findingFailures = 0;
        for (Finding f : run.findings()) {
            Severity sev = severity(f);
            boolean fail = sev.atLeast(failOn);
            if (fail) {
                findingFailures++;
            }
            String name = f.id() + " " + f.kind() + " " + f.endpointName();
            String message = String.format("[%s %d] %s", sev.wireName(), f.score(), f.title());
            String details = f.summary() + "\nexemplar traces: " + String.join(", ", f.exemplarTraceIds())
                    + (f.codePointers().isEmpty() ? "" : "\ncode: " + f.codePointers().get(0))
                    + (f.quick() == null ? "" : "\nquick fix: " + f.quick().action());
            cases.add(new CheckCase(FINDINGS_SUITE, name, fail, false, message, details));
        }
        return new CheckResult(List.copyOf(cases), breaches, judged, findingFailures, run.findings().size());
    }

    private static Severity severity(Finding f) {
        try {
            return f.severityLevel();
        } catch (IllegalArgumentException e) {
            return Severity.INFO; // unknown severity from a newer collector: report it, do not fail the build on it
        }
    }
}
