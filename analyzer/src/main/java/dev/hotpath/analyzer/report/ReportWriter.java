package dev.hotpath.analyzer.report;

import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Document;
import dev.hotpath.analyzer.doc.HtmlRenderer;
import dev.hotpath.analyzer.doc.MarkdownRenderer;
import dev.hotpath.analyzer.doc.TraceLinks;
import dev.hotpath.analyzer.sections.ReportContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes report.md and report.html into the run directory (each via a temp file and an atomic rename). */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    private ReportWriter() {
    }

    public record Written(Path markdown, Path html) {
    }

    public static Written write(Path dir, RunAnalysis analysis, ReportContext ctx, TraceLinks links) throws IOException {
        Document doc = PlaybookReport.build(analysis, ctx);
        Path md = dir.resolve(MARKDOWN);
        Path html = dir.resolve(HTML);
        replace(md, new MarkdownRenderer(links).render(doc));
        replace(html, new HtmlRenderer(links).render(doc));
        return new Written(md, html);
    }

    static void replace(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
