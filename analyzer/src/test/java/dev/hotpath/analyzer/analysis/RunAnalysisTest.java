package dev.hotpath.analyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.Fixtures;
import dev.hotpath.analyzer.SyntheticRun;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.RunDirectory;
import dev.hotpath.analyzer.slo.SloTargets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Breakdown, hypotheses and gaps computed from the recorded run and from synthetic runs with known gaps. */
class RunAnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void breakdownOfTheDemoRunAddsUpAndUsesUnions() throws Exception {
        RunAnalysis a = RunAnalysis.of(RunDirectory.read(Fixtures.demoRun()), SloTargets.defaults());
        EndpointBreakdown orders = a.breakdowns().get(0);
        assertEquals("GET /customers/{id}/orders", orders.name());
        assertEquals(11, orders.traces());
        assertEquals(orders.totalMs(), orders.dbMs() + orders.poolWaitMs() + orders.httpMs() + orders.otherMs(), 1e-6);
        assertEquals("6416e838e6f5a9de599383e3fb4ab0fa", orders.slowestTraceId());
    }

    @Test
    void findingsRankAboveCandidates() throws Exception {
        RunAnalysis a = RunAnalysis.of(RunDirectory.read(Fixtures.demoRun()), SloTargets.defaults());
        Hypothesis h1 = a.hypotheses().get(0);
        assertEquals("898dfa7e891fd2c4", h1.key());
        assertEquals("finding 898dfa7e891fd2c4", h1.source());
        assertEquals("54591771b36d9f4c", h1.fingerprint());
        assertTrue(a.hypotheses().subList(1, a.hypotheses().size()).stream().allMatch(h -> h.source().equals("candidate")));
        // the hot-query candidate never repeats the finding's fingerprint
        assertTrue(a.hypotheses().stream().filter(h -> h.kind().equals("hot_query")).noneMatch(h -> "54591771b36d9f4c".equals(h.fingerprint())));
    }

    @Test
    void gapsAreComputedFromTheRun() throws Exception {
        Path dir = new SyntheticRun()
                .endpoint("GET", "/items/{id}", 100, 0, 5, 10, 20)
                .endpoint("GET", "/never-traced", 50, 0, 5, 10, 20)
                .agentCounter("spans.dropped.queue_full", 12)
                .agentCounter("traces.completed", 150)
                .agentCounter("traces.kept", 3)
                .trace("GET", "/items/{id}", 5, false, true)   // route from the path, not a template
                .trace("GET", "/items/{id}", 6, true, false)   // no server span
                .trace("GET", "/items/{id}", 7, true, true)
                .writeTo(tmp.resolve("run"));
        Run run = RunDirectory.read(dir);
        List<Gap> gaps = InstrumentationGaps.compute(run);
        assertTrue(gap(gaps, "JFR").gap());
        assertTrue(gap(gaps, "Agent drops").observed().contains("spans.dropped.queue_full = 12"), gap(gaps, "Agent drops").observed());
        assertTrue(gap(gaps, "Route templates").observed().contains("GET /items/{id}"));
        assertTrue(gap(gaps, "Traces without a server span").observed().startsWith("1 kept trace(s) have no server span"));
        assertTrue(gap(gaps, "Endpoints without traces").observed().contains("GET /never-traced (50 requests)"));
        assertTrue(gap(gaps, "Trace sampling").observed().contains("The agent kept 3 of 150 completed requests (2.0%)"));
        assertTrue(gap(gaps, "Client-side latency").gap());
    }

    private static Gap gap(List<Gap> gaps, String area) {
        return gaps.stream().filter(g -> g.area().equals(area)).findFirst().orElseThrow(() -> new AssertionError("no gap " + area + " in " + gaps));
    }
}
