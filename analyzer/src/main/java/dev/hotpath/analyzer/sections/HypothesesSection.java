package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.Hypothesis;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import java.util.ArrayList;
import java.util.List;

/** 3. Bottleneck Hypotheses: ranked, each with confidence and the evidence behind it. */
public final class HypothesesSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        SectionBuilder s = new SectionBuilder(3, "Bottleneck Hypotheses");
        List<Hypothesis> hs = a.hypotheses();
        if (hs.isEmpty()) {
            s.para("No hypothesis: no detector fired and no endpoint, query, pool wait or tail stands out in the measured data. "
                    + "The gaps in section 7 list what this run could not see.");
            return s.build();
        }
        s.para("Detector findings first, by score (a measured signature with exemplar traces); then analyzer candidates by the time "
                + "they could explain (numbers only, no signature: leads to validate, not diagnoses).");
        SectionBuilder.TableBuilder t = s.table().text("#").text("Hypothesis").text("Endpoint").text("Confidence").text("Source")
                .num("Time at stake ms");
        for (int i = 0; i < hs.size(); i++) {
            Hypothesis h = hs.get(i);
            t.row(id(i), h.title(), h.endpoint(), h.confidence(), source(h), Fmt.num(h.impactMs()));
        }
        t.end();
        for (int i = 0; i < hs.size(); i++) {
            Hypothesis h = hs.get(i);
            s.heading(id(i) + ". " + h.title());
            s.para(h.statement());
            List<String> items = new ArrayList<>();
            items.add("Confidence: **" + h.confidence() + "**. " + h.confidenceRationale());
            items.add("Source: " + source(h) + ".");
            for (String e : h.evidence()) {
                items.add("Evidence: " + e);
            }
            s.bullets(items);
        }
        return s.build();
    }

    static String id(int index) {
        return "H" + (index + 1);
    }

    static String source(Hypothesis h) {
        if (h.score() != null) {
            return String.format("detector finding `%s` (%s, score %d, %s)", h.key(), h.kind(), h.score(), h.severity());
        }
        return "analyzer candidate (" + h.kind() + ")";
    }
}
