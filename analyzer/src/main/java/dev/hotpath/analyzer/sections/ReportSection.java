package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Section;

/** One playbook section: numbers from the analysis in, a {@link Section} out. */
public interface ReportSection {
    Section render(RunAnalysis analysis, ReportContext context);
}
