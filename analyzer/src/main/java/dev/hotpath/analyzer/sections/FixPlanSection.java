package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.Hypothesis;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.run.FixStep;
import java.util.List;

/** 5. Fix Plan: quick win, medium, long term per hypothesis, each with risk and rollback; rollout safety. */
public final class FixPlanSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        SectionBuilder s = new SectionBuilder(5, "Fix Plan");
        if (a.hypotheses().isEmpty()) {
            s.para("No fix proposed: nothing was found to fix. Do not optimise without a measured bottleneck (playbook).");
            return s.build();
        }
        Hypothesis first = a.hypotheses().get(0);
        if (first.quick() != null) {
            s.para("Smallest fix that yields a meaningful improvement: H1's quick win. " + first.quick().action());
        }
        for (int i = 0; i < a.hypotheses().size(); i++) {
            Hypothesis h = a.hypotheses().get(i);
            s.heading(HypothesesSection.id(i) + ". " + h.title());
            SectionBuilder.TableBuilder t = s.table().text("Horizon").text("Action").text("Risk").text("Rollback");
            row(t, "Quick win", h.quick());
            row(t, "Medium", h.medium());
            row(t, "Long term", h.longTerm());
            t.end();
        }
        s.heading("Rollout safety (every fix)");
        s.bullets(List.of(
                "Ship behind a feature flag where the change allows it; keep the old path callable.",
                "Canary on 1-5% of traffic with automatic rollback when an SLO in section 1 is breached (`./hotpath check` on the "
                        + "canary's run directory" + ctx.sloArg().replace("'", "") + " gives the exit code).",
                "Put the verification metrics of section 6 on a dashboard, with alerts, before shipping.",
                "Roll out one fix at a time, so each before/after comparison is attributable."));
        return s.build();
    }

    private static void row(SectionBuilder.TableBuilder t, String horizon, FixStep step) {
        if (step == null) {
            t.row(horizon, "not specified by the finding", "-", "-");
        } else {
            t.row(horizon, step.action(), step.risk(), step.rollback());
        }
    }
}
