package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.Fixtures;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.doc.Document;
import dev.hotpath.analyzer.doc.MarkdownRenderer;
import dev.hotpath.analyzer.doc.Section;
import dev.hotpath.analyzer.doc.TraceLinks;
import dev.hotpath.analyzer.run.RunDirectory;
import dev.hotpath.analyzer.sections.ReportContext;
import dev.hotpath.analyzer.sections.ReportSection;
import dev.hotpath.analyzer.slo.SloTargets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Each section, and the whole report.md, computed from the recorded demo run and compared with golden files. */
class ReportGoldenTest {
    private static RunAnalysis analysis;
    private static final ReportContext CTX = new ReportContext(Fixtures.DEMO_LABEL, null);

    @BeforeAll
    static void read() throws Exception {
        analysis = RunAnalysis.of(RunDirectory.read(Fixtures.demoRun(), Fixtures.DEMO_LABEL), SloTargets.defaults());
    }

    @TestFactory
    Stream<DynamicTest> eachSectionMatchesItsGoldenFile() {
        return PlaybookReport.SECTIONS.stream().map(section -> {
            Section s = section.render(analysis, CTX);
            String file = "sections/" + s.number() + "-" + s.anchor() + ".md";
            return DynamicTest.dynamicTest(s.number() + ". " + s.title(), () -> Golden.assertMatches(file,
                    new MarkdownRenderer(TraceLinks.none()).render(new Document("section", "golden", List.of(s)))));
        });
    }

    @Test
    void wholeReportMatchesGolden() throws Exception {
        Golden.assertMatches("report.md", new MarkdownRenderer(TraceLinks.none()).render(PlaybookReport.build(analysis, CTX)));
    }

    /** The sweep run exercises what the early demo run lacks: pools, the concurrency signature, JFR time, load steps, flame graphs. */
    @Test
    void sweepRunReportMatchesGolden() throws Exception {
        RunAnalysis sweep = RunAnalysis.of(RunDirectory.read(Fixtures.run("sweep"), "runs/sweep"), SloTargets.defaults());
        String md = new MarkdownRenderer(TraceLinks.none()).render(PlaybookReport.build(sweep, new ReportContext("runs/sweep", null)));
        Golden.assertMatches("sweep-report.md", md);
    }

    @Test
    void loadStepsShowEachEndpointsClientP95PerOfferedRate() throws Exception {
        RunAnalysis sweep = RunAnalysis.of(RunDirectory.read(Fixtures.run("sweep"), "runs/sweep"), SloTargets.defaults());
        String md = new MarkdownRenderer(TraceLinks.none()).render(PlaybookReport.build(sweep, new ReportContext("runs/sweep", null)));
        com.fasterxml.jackson.databind.JsonNode steps = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Fixtures.run("sweep").resolve("load.json").toFile()).path("steps");
        StringBuilder header = new StringBuilder("| Endpoint |");
        for (com.fasterxml.jackson.databind.JsonNode st : steps) {
            header.append(" step ").append(st.path("step").asInt()).append(" (").append(Fmt.num(st.path("ratePerSecond").asDouble())).append("/s) |");
        }
        assertTrue(md.contains(header.toString()), "per-step table header " + header + " in\n" + md);
        for (com.fasterxml.jackson.databind.JsonNode e : steps.get(steps.size() - 1).path("endpoints")) {
            if (e.path("route").asText().equals("/quotes/{id}")) {
                assertTrue(md.lines().anyMatch(l -> l.startsWith("| GET /quotes/{id} |") && l.trim().endsWith("| " + Fmt.num(e.path("p95Ms").asDouble()) + " |")),
                        "the last step's client p95 of /quotes/{id} from load.json");
            }
        }
    }

    @Test
    void sectionsAreThePlaybooksEightInOrder() {
        List<String> titles = PlaybookReport.build(analysis, CTX).sections().stream().map(Section::title).toList();
        assertEquals(List.of("Executive Summary", "Observations", "Bottleneck Hypotheses", "Validation Plan", "Fix Plan",
                "Verification", "Instrumentation Gaps", "Appendix"), titles);
    }

    @Test
    void reportIsDeterministic() {
        MarkdownRenderer md = new MarkdownRenderer(TraceLinks.none());
        assertEquals(md.render(PlaybookReport.build(analysis, CTX)), md.render(PlaybookReport.build(analysis, CTX)));
    }

    @Test
    void executiveSummaryStatesTheBottleneckWithNumbersFromTheRun() {
        String s = new MarkdownRenderer(TraceLinks.none()).render(new Document("t", "s",
                List.of(PlaybookReport.SECTIONS.get(0).render(analysis, CTX))));
        assertTrue(s.contains("The primary bottleneck is an N+1 query on GET /customers/{id}/orders"), s);
        assertTrue(s.contains("runs 12 times per request (p50, max 40)"), s);
        assertTrue(s.contains("OrderRepository.findLines(OrderRepository.java:153)"), s);
        assertTrue(s.contains("| access | p95 | < 800 ms | 30.1 ms | GET /customers/{id}/orders | 889 | met |"), s);
        assertTrue(s.contains("| submit | p95 | < 500 ms | 13.1 ms | POST /orders | 111 | met |"), s);
    }

    @Test
    void everyTraceIdInTheReportResolvesInTheRun() {
        String md = new MarkdownRenderer(TraceLinks.none()).render(PlaybookReport.build(analysis, CTX));
        java.util.regex.Matcher m = TraceLinks.TRACE_ID.matcher(md);
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(analysis.run().trace(m.group()).isPresent(), "trace id " + m.group() + " is not in traces.jsonl");
        }
        assertTrue(n >= 5, "expected exemplar trace ids in the report, found " + n);
    }

    @Test
    void userSloAppearsInTheReportAndCanBreach() {
        RunAnalysis strict = RunAnalysis.of(analysis.run(), SloTargets.parse("access.p95=20ms"));
        String s = new MarkdownRenderer(TraceLinks.none()).render(PlaybookReport.build(strict, new ReportContext("runs/demo", "access.p95=20ms")));
        assertTrue(s.contains("| access | p95 | < 20 ms | 30.1 ms | GET /customers/{id}/orders | 889 | **BREACHED** |"), s);
        assertTrue(s.contains("**1 of 4 objectives breached**: access.p95 < 20 ms (GET /customers/{id}/orders 30.1 ms)"), s);
        assertTrue(s.contains("./hotpath check runs/demo --slo 'access.p95=20ms' --fail-on high"), s);
    }
}
