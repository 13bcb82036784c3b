package dev.hotpath.collector.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JFR recording in the agent's format (execution samples every 10 ms, one {@code dev.hotpath.RequestSpan}
 * per request) of two request threads serving {@code GET /price} (CPU-bound in {@link Pricer#quote}) and
 * {@code GET /wait} (sleeps, the control), posted to a collector with the kept traces: the CPU hotspot
 * names the endpoint and the frame, the control gets none, and the finding links the endpoint's flame graph.
 */
class CpuHotspotRecordingTest {
    static final int THREADS = 2;
    static final int REQUESTS = 10;
    static volatile long sink;
    static final List<Req> served = new ArrayList<>();

    record Req(String traceId, String spanId, String route, long startEpochNanos, long endEpochNanos) {
    }

    @Name("dev.hotpath.RequestSpan")
    @StackTrace(false)
    static final class RequestSpan extends jdk.jfr.Event {
        long traceIdHigh;
        long traceIdLow;
        long spanId;
        String method;
        String route;
        boolean kept;
        long startEpochNanos;
        long durationNanos;
    }

    static final class Pricer {
        /** Burns until this thread has run {@code cpuNanos} more on a CPU (wall time would give few samples on a busy machine). */
        static long quote(long cpuNanos) {
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long until = mx.getCurrentThreadCpuTime() + cpuNanos;
            long deadline = System.nanoTime() + 20 * cpuNanos;
            long x = 17;
            while (mx.getCurrentThreadCpuTime() < until && System.nanoTime() < deadline) {
                for (int i = 0; i < 500_000; i++) { // about 0.5 ms between CPU-time reads (a read is a system call, not a Java frame)
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
            }
            return x;
        }
    }

    @TempDir
    static Path recorded;
    static byte[] jfr;

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @BeforeAll
    static void record() throws Exception {
        Path file = recorded.resolve("requests.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("dev.hotpath.RequestSpan");
            r.start();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread th = new Thread(CpuHotspotRecordingTest::serve, "request-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            r.stop();
            r.dump(file);
        }
        jfr = Files.readAllBytes(file);
    }

    private static void serve() {
        for (int i = 0; i < REQUESTS; i++) {
            request("/price", () -> sink += Pricer.quote(100_000_000L));
            request("/wait", () -> {
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static void request(String route, Runnable work) {
        long start = epochNanos();
        long t0 = System.nanoTime();
        work.run();
        RequestSpan e = new RequestSpan();
        e.traceIdHigh = ThreadLocalRandom.current().nextLong() | 1;
        e.traceIdLow = ThreadLocalRandom.current().nextLong() | 1;
        e.spanId = ThreadLocalRandom.current().nextLong() | 1;
        e.method = "GET";
        e.route = route;
        e.kept = true;
        e.startEpochNanos = start;
        e.durationNanos = System.nanoTime() - t0;
        e.commit();
        synchronized (served) {
            served.add(new Req(String.format(Locale.ROOT, "%016x%016x", e.traceIdHigh, e.traceIdLow),
                    String.format(Locale.ROOT, "%016x", e.spanId), route, start, start + e.durationNanos));
        }
    }

    @Test
    void theCpuBoundEndpointIsAHotspotInItsMethodWithAFlameGraphAndTheWaitingOneIsNot(@TempDir Path out) throws Exception {
        try (Collector c = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(c.endpoint() + "/v1/hotpath/jfr?service=shop&instance=i-1&kind=continuous"))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(jfr)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            List<Span> spans = new ArrayList<>();
            for (Req r : served) {
                spans.add(new Span(r.traceId(), r.spanId(), null, "GET " + r.route(), SpanKind.SERVER, r.startEpochNanos(),
                        r.endEpochNanos(), false, "shop", SpanType.SERVER, Map.of("http.request.method", "GET", "http.route", r.route())));
            }
            c.acceptSpans(spans);
            List<Finding> findings = c.flush();

            List<Finding> cpu = findings.stream().filter(f -> f.kind().equals(CpuHotspotDetector.KIND)).toList();
            assertEquals(1, cpu.size(), findings + " " + c.counters().collectorSnapshot());
            Finding f = cpu.get(0);
            assertEquals("/price", f.endpoint().route());
            CpuHotspotEvidence e = (CpuHotspotEvidence) f.evidence();
            assertEquals(Pricer.class.getName() + ".quote", e.frame());
            assertTrue(e.frameShareOfSamples() >= 0.9, e.toString());
            assertTrue(e.onCpuShareSlow() >= 0.3 && e.samples() >= 20, "the request threads ran Java code: " + e);
            assertEquals(Pricer.class.getName() + ".quote", f.codePointers().get(0).function());
            assertTrue(f.exemplarTraceIds().stream().allMatch(id -> served.stream()
                    .anyMatch(r -> r.traceId().equals(id) && r.route().equals("/price"))), f.exemplarTraceIds().toString());

            assertEquals("flame/get-price.html", f.flameGraph());
            String page = Files.readString(out.resolve(f.flameGraph()));
            assertTrue(page.contains("quote"), "the flame graph shows the hot method");
            assertTrue(findings.stream().noneMatch(x -> x.endpoint().route().equals("/wait")), findings.toString());
            assertEquals(1, c.counters().get("flame.written"));

            c.flush(); // no new chunk: nothing redrawn, the link stays
            assertEquals(1, c.counters().get("flame.written"));
            assertEquals("flame/get-price.html", c.findings().stream()
                    .filter(x -> x.kind().equals(CpuHotspotDetector.KIND)).findFirst().orElseThrow().flameGraph());
        }
        JsonNode jfrSummary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("jfr");
        assertEquals(1, jfrSummary.path("chunksStored").path("continuous").asInt(), jfrSummary.toString());
        assertEquals(THREADS * REQUESTS * 2, jfrSummary.path("requests").asInt());
        for (JsonNode e : jfrSummary.path("endpoints")) {
            double cpuShare = e.path("cpuMs").asDouble() / e.path("totalMs").asDouble();
            if (e.path("route").asText().equals("/price")) {
                assertTrue(cpuShare > 0.2, "CPU measured on the CPU-bound endpoint: " + e);
            } else {
                assertTrue(cpuShare < 0.1, "the sleeping endpoint is not on CPU: " + e);
            }
        }
        List<JsonNode> lines = FindingsSchema.validate(out.resolve(FindingsWriter.FILE_NAME));
        JsonNode written = lines.stream().filter(n -> n.path("kind").asText().equals(CpuHotspotDetector.KIND)).findFirst().orElseThrow();
        assertEquals("flame/get-price.html", written.path("flameGraph").asText());
        assertNotNull(written.path("evidence").get("topFrames"));
        assertNull(lines.stream().filter(n -> !n.path("kind").asText().equals(CpuHotspotDetector.KIND))
                .map(n -> n.get("flameGraph")).filter(x -> x != null && !x.asText().startsWith("flame/")).findFirst().orElse(null));
    }
}
