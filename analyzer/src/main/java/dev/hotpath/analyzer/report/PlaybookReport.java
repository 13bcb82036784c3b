package dev.hotpath.analyzer.report;

import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Document;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.sections.AppendixSection;
import dev.hotpath.analyzer.sections.ExecutiveSummarySection;
import dev.hotpath.analyzer.sections.FixPlanSection;
import dev.hotpath.analyzer.sections.HypothesesSection;
import dev.hotpath.analyzer.sections.InstrumentationGapsSection;
import dev.hotpath.analyzer.sections.ObservationsSection;
import dev.hotpath.analyzer.sections.ReportContext;
import dev.hotpath.analyzer.sections.ReportSection;
import dev.hotpath.analyzer.sections.ValidationPlanSection;
import dev.hotpath.analyzer.sections.VerificationSection;
import dev.hotpath.analyzer.slo.SloStatus;
import java.util.ArrayList;
import java.util.List;

/** The playbook's eight sections, in order, as one {@link Document}. */
public final class PlaybookReport {
    public static final List<ReportSection> SECTIONS = List.of(new ExecutiveSummarySection(), new ObservationsSection(),
            new HypothesesSection(), new ValidationPlanSection(), new FixPlanSection(), new VerificationSection(),
            new InstrumentationGapsSection(), new AppendixSection());

    private PlaybookReport() {
    }

    public static Document build(RunAnalysis a, ReportContext ctx) {
        List<Section> sections = new ArrayList<>();
        for (ReportSection s : SECTIONS) {
            sections.add(s.render(a, ctx));
        }
        String services = a.run().services().isEmpty() ? "unknown service" : String.join(", ", a.run().services());
        long breached = a.breachedCount();
        String subtitle = String.format("Run `%s` (%s), %s to %s. SLOs: %s. Findings: %d. Hypotheses: %d.", ctx.runLabel(), services,
                a.run().windowStart() == null ? "?" : a.run().windowStart(), a.run().windowEnd() == null ? "?" : a.run().windowEnd(),
                breached == 0 ? "all met" : breached + " of " + a.slo().size() + " breached", a.run().findings().size(),
                a.hypotheses().size());
        long noData = a.slo().stream().filter(r -> r.status() == SloStatus.NO_DATA).count();
        if (noData > 0) {
            subtitle += " (" + noData + " objective(s) without traffic)";
        }
        return new Document("hotpath report: " + services, subtitle, sections);
    }
}
