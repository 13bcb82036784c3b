package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JFR evidence end to end on a real forked JVM: the shop + the built agent (continuous JFR, 2 s
 * chunks) + an embedded collector, concurrent load on the contended endpoint and on its control. The
 * lock finding names the shared ledger's class and the application frame, its exemplars resolve to kept
 * traces, the control gets no finding, and the idle Jetty workers (parked on their queue between
 * requests, and for seconds after the load) produce none. Neither endpoint is CPU-bound (no cpu_hotspot), and
 * summary.json's JFR time per endpoint puts the lock wait on the contended one.
 */
class LockContentionEndToEndIT {
    static final int REQUESTS_PER_ENDPOINT = 80;
    static final String LOCKED = "/inventory/{id}/reserve";
    static final String CONTROL = "/inventory/{id}/reserve-unshared";

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void findsTheContendedLockAndNothingOnItsControl(Path java, @TempDir Path out) throws Exception {
        Path jfrDir = out.resolve("agent-jfr");
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",service.name=shop,stats.interval.ms=1000,"
                             + "sample.rate=0.2,jfr.period=2s,jfr.lock.threshold.ms=1,jfr.dir=" + jfrDir,
                     List.of(), Builds.examplesJar(), "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            ShopClient client = new ShopClient(shop.awaitPort(90));
            // the first request starts the recording thread; let the recording start before the load
            assertEquals(200, client.get("/health").statusCode());
            shop.awaitOutput("JFR recording started", 30);

            List<String> paths = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
                paths.add("/inventory/" + (1 + i % 7) + "/reserve");
                paths.add("/inventory/" + (1 + i % 7) + "/reserve-unshared");
            }
            for (int status : client.getAll(paths, 12)) {
                assertEquals(200, status, shop.output());
            }
            // idle workers park for work now; then wait for the chunks that cover the load and the idle time
            long received = collector.counters().get("jfr.chunks.received");
            Thread.sleep(3000);
            awaitChunks(collector, received + 2, 60);
            shop.stop(30);
            collector.flush();
        }

        RunDirectory run = new RunDirectory(out);
        FindingsSchemaCheck.assertValid(run.findingLines());
        List<JsonNode> locks = run.findings().stream().filter(f -> "lock_contention".equals(f.path("kind").asText())).toList();
        assertEquals(1, locks.size(), "exactly one lock finding (none for idle workers or other locks): " + run.findingLines()
                + "\ncounters: " + run.summary().get("counters"));
        JsonNode finding = locks.get(0);
        assertEquals("GET", finding.at("/endpoint/method").asText());
        assertEquals(LOCKED, finding.at("/endpoint/route").asText());
        assertEquals("dev.hotpath.examples.shop.StockLedger", finding.at("/evidence/lockClass").asText(), finding.toString());
        assertEquals("dev.hotpath.examples.shop.StockLedger.reserve", finding.at("/codePointers/0/function").asText(), finding.toString());
        assertTrue(finding.at("/evidence/waitKinds").toString().contains("monitor-enter"), finding.toString());
        assertTrue(finding.at("/impact/requestsAffected").asInt() >= 5, finding.toString());
        assertTrue(finding.at("/impact/requestsAffected").asInt() <= REQUESTS_PER_ENDPOINT, finding.toString());
        assertTrue(finding.at("/evidence/blockedMsPerRequest/p50").asDouble() >= 1, finding.toString());

        Map<String, JsonNode> traces = run.traces();
        JsonNode exemplars = finding.get("exemplarTraceIds");
        assertTrue(exemplars.size() >= 1, finding.toString());
        for (JsonNode id : exemplars) {
            JsonNode trace = traces.get(id.asText());
            assertNotNull(trace, "exemplar " + id + " is a kept trace in traces.jsonl");
            assertEquals(LOCKED, trace.at("/endpoint/route").asText());
        }
        for (JsonNode f : run.findings()) {
            assertFalse(CONTROL.equals(f.at("/endpoint/route").asText()), "no finding on the control: " + f);
        }
        // both endpoints sleep while serving: neither is CPU-bound
        assertTrue(run.findings().stream().noneMatch(f -> "cpu_hotspot".equals(f.path("kind").asText())), run.findingLines().toString());
        // summary.json jfr: the lock wait is on the contended endpoint, not on its control
        double lockedWait = -1;
        double controlWait = -1;
        for (JsonNode e : run.summary().at("/jfr/endpoints")) {
            if (LOCKED.equals(e.path("route").asText())) {
                lockedWait = e.path("lockWaitMs").asDouble();
            } else if (CONTROL.equals(e.path("route").asText())) {
                controlWait = e.path("lockWaitMs").asDouble();
            }
        }
        assertTrue(lockedWait >= 50 && controlWait >= 0 && controlWait * 10 < lockedWait,
                "lock wait per endpoint in summary.json jfr: " + run.summary().get("jfr"));
        assertTrue(run.summary().at("/counters/agent/jfr.chunks.uploaded").asLong() >= 2, run.summary().toString());
        try (var stored = Files.list(out.resolve("jfr"))) {
            assertTrue(stored.anyMatch(p -> p.getFileName().toString().startsWith("continuous-")), "chunks kept in <out>/jfr");
        }
    }

    private static void awaitChunks(Collector collector, long atLeast, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (collector.counters().get("jfr.chunks.received") < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + collector.counters().get("jfr.chunks.received") + " JFR chunks arrived");
            }
            Thread.sleep(100);
        }
    }
}
