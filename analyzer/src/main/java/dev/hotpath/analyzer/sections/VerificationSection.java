package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.Hypothesis;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.slo.SloResult;
import dev.hotpath.analyzer.slo.SloStatus;

/** 6. Verification: per hypothesis and per SLO, the metric, its current value, the target, and how to confirm. */
public final class VerificationSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        SectionBuilder s = new SectionBuilder(6, "Verification");
        s.para("Re-run the same load (same data shape, rate and mix; Appendix) into a new directory AFTER, then compare: `./hotpath diff "
                + ctx.runLabel() + " AFTER` (per-endpoint deltas with bootstrap confidence intervals, finding status by id) and "
                + "`./hotpath check AFTER" + ctx.sloArg() + "` (exit code for CI).");
        SectionBuilder.TableBuilder t = s.table().text("For").text("Metric").text("Current").text("Target").text("How to confirm");
        for (int i = 0; i < a.hypotheses().size(); i++) {
            Hypothesis h = a.hypotheses().get(i);
            if (h.verification() != null) {
                t.row(HypothesesSection.id(i), h.verification().metric(), h.verification().current(), h.verification().target(),
                        h.verification().how());
            }
        }
        for (SloResult r : a.slo()) {
            if (r.status() == SloStatus.NO_DATA) {
                continue;
            }
            String current = r.objective().metric().isLatency() ? Fmt.ms(r.measured()) + " (" + r.worstEndpoint() + ")"
                    : Fmt.rate(r.measured());
            t.row("SLO " + r.objective().key(), r.objective().path().label() + " path " + r.objective().metric().label()
                    + (r.objective().metric().isLatency() ? ", worst endpoint" : ""), current,
                    r.objective().targetText() + (r.status() == SloStatus.MET ? " (met; must stay met)" : ""),
                    "`./hotpath check AFTER" + ctx.sloArg() + "` passes this testcase");
        }
        t.row("No regression", "p95 of every other endpoint", "section 2", "no significant increase",
                "`./hotpath diff` verdict is not 'regression' for any endpoint");
        t.end();
        return s.build();
    }
}
