package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hotpath.analyzer.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo run with what a JFR-enabled collector adds: summary.json {@code jfr} (per-endpoint lock wait, GC, CPU),
 * a flame graph page linked from the finding, and a {@code cpu_hotspot} finding. The report splits JVM time per
 * endpoint, links the flame graph relatively, states the new kind and plans its validation.
 */
class JfrReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAME = "flame/get-customers-id-orders.html";

    @TempDir
    Path tmp;

    private Path runWithJfr() throws Exception {
        Path dir = Fixtures.copyOfDemoRun(tmp);
        ObjectNode summary = (ObjectNode) JSON.readTree(dir.resolve("summary.json").toFile());
        ObjectNode jfr = summary.putObject("jfr");
        jfr.putObject("chunksStored").put("continuous", 2);
        jfr.put("samplePeriodMs", 20).put("requests", 689);
        jfr.putArray("endpoints")
                .add(JSON.createObjectNode().put("service", "shop").put("method", "GET").put("route", "/customers/{id}/orders")
                        .put("requests", 341).put("totalMs", 2916.682).put("lockWaitMs", 0).put("gcPauseMs", 29.2).put("cpuMs", 1460).put("pinnedMs", 0))
                .add(JSON.createObjectNode().put("service", "shop").put("method", "GET").put("route", "/customers/{id}/orders-fixed")
                        .put("requests", 348).put("totalMs", 1254.456).put("lockWaitMs", 125.4).put("gcPauseMs", 0).put("cpuMs", 0).put("pinnedMs", 0));
        Files.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(summary));

        List<String> lines = Files.readAllLines(dir.resolve("findings.jsonl"));
        ObjectNode nPlusOne = (ObjectNode) JSON.readTree(lines.get(0));
        nPlusOne.put("flameGraph", FLAME);
        ObjectNode cpu = nPlusOne.deepCopy();
        cpu.put("id", "00000000000000c1").put("kind", "cpu_hotspot").put("score", 30).put("severity", "low")
                .put("title", "CPU hotspot on GET /customers/{id}/orders");
        ObjectNode ev = JSON.createObjectNode().put("frame", "com.shop.Pricing.render").put("samplePeriodMs", 20)
                .put("frameShareOfSamples", 0.8).put("onCpuShareSlow", 0.6);
        cpu.set("evidence", ev);
        Files.write(dir.resolve("findings.jsonl"), List.of(JSON.writeValueAsString(nPlusOne), JSON.writeValueAsString(cpu)));
        Files.createDirectories(dir.resolve("flame"));
        Files.writeString(dir.resolve(FLAME), "<html>flame</html>");
        Files.createDirectories(dir.resolve("jfr"));
        Files.write(dir.resolve("jfr/continuous-i-1-1-0.jfr"), new byte[] {'F', 'L', 'R', 0});
        return dir;
    }

    @Test
    void theReportSplitsJvmTimeLinksTheFlameGraphAndHandlesTheNewKind() throws Exception {
        Path dir = runWithJfr();
        assertEquals(0, ReportCommand.run(dir, null, null, new PrintStream(new ByteArrayOutputStream()), System.err));
        String md = Files.readString(dir.resolve("report.md"));
        String html = Files.readString(dir.resolve("report.html"));

        assertTrue(md.contains("### Where JVM time goes per endpoint (JFR, every request)"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| GET /customers/{id}/orders |") && l.contains("| 341 |")
                && l.contains("50.1% (1.46 s)") && l.contains("1.0% (29.2 ms)")), "CPU and GC shares of the endpoint's JFR time");
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| GET /customers/{id}/orders-fixed |") && l.contains("10.0% (125.4 ms)")),
                "lock wait share");
        assertTrue(md.contains("the JFR table below splits them out"), "the kept-trace breakdown points to the JFR table");
        assertFalse(md.contains("no JFR in this run"));
        assertTrue(md.contains("- [Flame graph of GET /customers/{id}/orders (" + FLAME + ")](" + FLAME + ")"), "linked relatively");
        assertTrue(html.contains("<a href=\"" + FLAME + "\">"), "the HTML links the page beside it");
        assertTrue(html.contains("Where JVM time goes per endpoint (share of JFR-seen request time)"), "its chart");

        assertTrue(md.contains("CPU-bound work on GET /customers/{id}/orders in `com.shop.Pricing.render`") || md.contains("N+1"),
                "the bottleneck statement names the top finding");
        assertTrue(md.contains("a JMH benchmark of the frame shows a per-request cost far below the sampled CPU time"),
                "validation says what disproves a CPU hotspot");
        assertTrue(md.contains("689 requests seen in JFR request events"), "JFR present, with its request count");
        assertTrue(md.contains("the flame graphs show on-CPU Java samples only"), "deep mode absent, said precisely");
    }
}
