package dev.hotpath.analyzer.doc;

import java.util.List;

/**
 * The report as structure, rendered to Markdown and to HTML by separate renderers, so every text is
 * written once. Texts are inline Markdown: `code`, **bold**; bare 32-hex trace ids become links when a
 * trace-viewer URL template is set.
 */
public sealed interface Block {

    record Heading(String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record ItemList(boolean ordered, List<String> items) implements Block {
    }

    /** A sortable table; {@code numeric} columns sort by number and align right. */
    record Table(List<Column> columns, List<List<String>> rows) implements Block {
        public record Column(String header, boolean numeric) {
        }
    }

    record CodeBlock(String language, String code) implements Block {
    }

    /** Links to files beside the report (relative hrefs, e.g. a flame graph page in the run directory). */
    record Links(List<Link> links) implements Block {
        public record Link(String label, String href) {
        }
    }

    /** p50/p95/p99 per endpoint, grouped bars (HTML only; the Markdown has the same numbers as a table). */
    record LatencyChart(List<LatencyBar> bars) implements Block {
        public record LatencyBar(String label, double p50, double p95, double p99) {
        }
    }

    /** Stacked share of time per endpoint (HTML only). Parts in the order of {@code partNames}. */
    record BreakdownChart(List<String> partNames, List<BreakdownBar> bars, String caption) implements Block {
        public BreakdownChart(List<String> partNames, List<BreakdownBar> bars) {
            this(partNames, bars, "Where time goes per endpoint (share of kept-trace time)");
        }

        public record BreakdownBar(String label, String note, List<Double> partsMs) {
        }
    }

    /**
     * Latency (mean and p95, ms) and wait share (0..1) of one endpoint against its service's mean
     * in-flight requests, one point per step of a concurrency sweep (HTML only; the Markdown has the table).
     */
    record ConcurrencyChart(String id, String title, List<ConcurrencyPoint> points) implements Block {
        public record ConcurrencyPoint(double concurrency, double meanMs, Double p95Ms, double waitShare) {
        }
    }
}
