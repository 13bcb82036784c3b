package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.SyntheticRun;
import dev.hotpath.analyzer.analysis.RunAnalysis;
import dev.hotpath.analyzer.run.RunDirectory;
import dev.hotpath.analyzer.slo.SloTargets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool-exhaustion finding and the pools of a real demo run (resources/pools/, copied from
 * runs/demo): the report shows the pools table, the concurrency steps with their chart, and names the
 * pool in the bottleneck statement; the analyzer's own pool-wait candidate does not repeat the finding.
 */
class PoolsReportTest {
    @TempDir
    Path tmp;

    @Test
    void poolsTableConcurrencyChartAndStatementComeFromTheRun() throws Exception {
        Path dir = new SyntheticRun()
                .endpoint("GET", "/reports/{id}", 200, 0, 280, 660, 860)
                .traces("GET", "/reports/{id}", 12, 400, 0.5, 7)
                .rawFinding(resource("pool-exhaustion-finding.json"))
                .pools(resource("pools.json"))
                .writeTo(tmp.resolve("run"));

        assertEquals(0, ReportCommand.run(dir, null, null, new PrintStream(OutputStream.nullOutputStream()), System.err));

        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("### Pools (connection and thread pools)"), md);
        assertTrue(md.contains("| `report-pool` | connection | 2 |"), "the pool, its kind and size: " + md);
        assertTrue(md.contains("| `quote-worker` | thread | 2 |"), md);
        assertTrue(md.contains("### Latency and wait share vs concurrency: GET /reports/{id} waiting for report-pool"), md);
        assertTrue(md.contains("connection pool `report-pool` (max 2) running out on GET /reports/{id}"), "bottleneck statement: " + md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg class=\"chart concurrency-chart\" id=\"concurrency-chart-1\""), "the chart is drawn");
        RunAnalysis a = RunAnalysis.of(RunDirectory.read(dir), SloTargets.defaults());
        assertTrue(a.hypotheses().stream().noneMatch(h -> h.kind().equals("pool_wait")), "the finding explains the pool wait");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PoolsReportTest.class.getResourceAsStream("/pools/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
