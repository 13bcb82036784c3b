package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.Gap;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.SectionBuilder;
import java.util.List;

/** 7. Instrumentation Gaps: what this run could not see, computed from its files and counters, and what to add. */
public final class InstrumentationGapsSection implements ReportSection {

    @Override
    public Section render(RunAnalysis a, ReportContext ctx) {
        SectionBuilder s = new SectionBuilder(7, "Instrumentation Gaps");
        List<Gap> gaps = a.gaps().stream().filter(Gap::gap).toList();
        if (gaps.isEmpty()) {
            s.para("No gap found in this run.");
        } else {
            SectionBuilder.TableBuilder t = s.table().text("Area").text("Observed in this run").text("What to add");
            for (Gap g : gaps) {
                t.row(g.area(), g.observed(), g.recommendation());
            }
            t.end();
        }
        List<String> ok = a.gaps().stream().filter(g -> !g.gap()).map(g -> g.area() + ": " + g.observed()).toList();
        if (!ok.isEmpty()) {
            s.heading("Checked, no gap");
            s.bullets(ok);
        }
        return s.build();
    }
}
