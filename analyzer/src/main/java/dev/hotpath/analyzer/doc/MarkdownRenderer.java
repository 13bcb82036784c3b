package dev.hotpath.analyzer.doc;

import java.util.List;
import java.util.regex.Matcher;

/** Renders a {@link Document} as GitHub-flavoured Markdown (charts are HTML-only; their numbers are in tables). */
public final class MarkdownRenderer {
    private final TraceLinks links;

    public MarkdownRenderer(TraceLinks links) {
        this.links = links;
    }

    public String render(Document doc) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(doc.title()).append("\n\n");
        out.append(inline(doc.subtitle())).append("\n\n");
        for (Section s : doc.sections()) {
            out.append("- [").append(s.number()).append(". ").append(s.title()).append("](#").append(s.number()).append('-')
                    .append(s.anchor()).append(")\n");
        }
        out.append('\n');
        for (Section s : doc.sections()) {
            out.append("## ").append(s.number()).append(". ").append(s.title()).append("\n\n");
            for (Block b : s.blocks()) {
                block(b, out);
            }
        }
        return out.toString();
    }

    private void block(Block b, StringBuilder out) {
        if (b instanceof Block.Heading h) {
            out.append("### ").append(h.text()).append("\n\n");
        } else if (b instanceof Block.Paragraph p) {
            out.append(inline(p.text())).append("\n\n");
        } else if (b instanceof Block.ItemList l) {
            int n = 1;
            for (String item : l.items()) {
                out.append(l.ordered() ? (n++) + ". " : "- ").append(inline(item).replace("\n", " ")).append('\n');
            }
            out.append('\n');
        } else if (b instanceof Block.Table t) {
            table(t, out);
        } else if (b instanceof Block.CodeBlock c) {
            out.append("```").append(c.language() == null ? "" : c.language()).append('\n').append(c.code());
            if (!c.code().endsWith("\n")) {
                out.append('\n');
            }
            out.append("```\n\n");
        } else if (b instanceof Block.Links l) {
            for (Block.Links.Link link : l.links()) {
                out.append("- [").append(link.label()).append("](").append(link.href()).append(")\n");
            }
            out.append('\n');
        }
        // LatencyChart, BreakdownChart, ConcurrencyChart: HTML only
    }

    private void table(Block.Table t, StringBuilder out) {
        out.append('|');
        for (Block.Table.Column c : t.columns()) {
            out.append(' ').append(cell(c.header())).append(" |");
        }
        out.append("\n|");
        for (Block.Table.Column c : t.columns()) {
            out.append(c.numeric() ? "---:|" : "---|");
        }
        out.append('\n');
        for (List<String> row : t.rows()) {
            out.append('|');
            for (String cell : row) {
                out.append(' ').append(cell(inline(cell))).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static String cell(String s) {
        return s.replace("\n", " ").replace("|", "\\|");
    }

    String inline(String text) {
        if (text == null) {
            return "";
        }
        if (!links.enabled()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (Inline.Segment seg : Inline.split(text)) {
            if (seg.code()) {
                out.append(dev.hotpath.analyzer.report.Fmt.code(seg.text()));
            } else {
                Matcher m = TraceLinks.TRACE_ID.matcher(seg.text());
                out.append(m.replaceAll(r -> Matcher.quoteReplacement("[" + r.group() + "](" + links.url(r.group()) + ")")));
            }
        }
        return out.toString();
    }
}
