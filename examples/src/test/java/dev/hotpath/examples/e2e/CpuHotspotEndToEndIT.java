package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.HotMethodApp;
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
 * CPU evidence end to end on a real forked JVM (JDK 17 and 25): {@link HotMethodApp} with the built agent's
 * continuous JFR (no deep mode), load on its CPU-bound endpoint and on a sleeping one. The CPU-hotspot finding
 * names the endpoint and the hot method, its exemplars resolve to kept traces, the sleeping endpoint gets no
 * finding, and the finding links a flame graph of the endpoint's slowest requests that shows the hot method.
 */
class CpuHotspotEndToEndIT {
    static final int REQUESTS_PER_ENDPOINT = 30;
    static final String HOT = "/work/{id}";
    static final String CONTROL = "/wait/{id}";

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void findsTheHotMethodWithItsFlameGraphAndNothingOnTheSleepingEndpoint(Path java, @TempDir Path out) throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",service.name=primes,stats.interval.ms=1000,"
                             + "sample.rate=1,jfr.period=2s,jfr.dir=" + out.resolve("agent-jfr"),
                     List.of(), ForkedJvm.testClassPath(), HotMethodApp.class.getName())) {
            ShopClient client = new ShopClient(app.awaitPort(90));
            assertEquals(200, client.get("/wait/1").statusCode());
            app.awaitOutput("JFR recording started", 30);
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
                paths.add("/work/" + (30_000 + i));
                paths.add("/wait/60");
            }
            for (int status : client.getAll(paths, 2)) {
                assertEquals(200, status, app.output());
            }
            long received = collector.counters().get("jfr.chunks.received");
            awaitChunks(collector, received + 2, 60);
            app.stop(30);
            collector.flush();
        }

        RunDirectory run = new RunDirectory(out);
        FindingsSchemaCheck.assertValid(run.findingLines());
        List<JsonNode> cpu = run.findings().stream().filter(f -> "cpu_hotspot".equals(f.path("kind").asText())).toList();
        assertEquals(1, cpu.size(), run.findingLines() + "\ncounters: " + run.summary().get("counters") + "\njfr: " + run.summary().get("jfr"));
        JsonNode f = cpu.get(0);
        assertEquals(HOT, f.at("/endpoint/route").asText(), f.toString());
        String hotMethod = HotMethodApp.class.getName() + ".crunchPrimes";
        assertEquals(hotMethod, f.at("/evidence/frame").asText(), f.toString());
        assertEquals(hotMethod, f.at("/codePointers/0/function").asText(), f.toString());
        assertTrue(f.at("/evidence/frameShareOfSamples").asDouble() >= 0.8, f.toString());
        Map<String, JsonNode> traces = run.traces();
        for (JsonNode id : f.get("exemplarTraceIds")) {
            JsonNode trace = traces.get(id.asText());
            assertNotNull(trace, "exemplar " + id + " is a kept trace");
            assertEquals(HOT, trace.at("/endpoint/route").asText());
        }
        for (JsonNode other : run.findings()) {
            assertFalse(CONTROL.equals(other.at("/endpoint/route").asText()), "no finding on the sleeping endpoint: " + other);
        }
        String link = f.path("flameGraph").asText();
        assertEquals("flame/get-work-id.html", link, f.toString());
        String page = Files.readString(out.resolve(link));
        assertTrue(page.contains("crunchPrimes"), "the flame graph shows the hot method");
        assertTrue(run.summary().at("/counters/collector/flame.written").asLong() >= 1, run.summary().get("counters").toString());
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
