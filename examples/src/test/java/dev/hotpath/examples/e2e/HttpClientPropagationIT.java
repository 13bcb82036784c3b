package dev.hotpath.examples.e2e;

import static dev.hotpath.examples.e2e.TraceQueries.awaitTrace;
import static dev.hotpath.examples.e2e.TraceQueries.only;
import static dev.hotpath.examples.e2e.TraceQueries.spans;
import static dev.hotpath.examples.e2e.TraceQueries.traceLines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.BackendApp;
import dev.hotpath.examples.e2e.apps.FrontendApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK HTTP clients across two services, each a forked JVM with the agent (JDK 17 and 25),
 * both exporting to one embedded collector: a frontend request calls the backend with
 * {@code HttpClient.send}, {@code sendAsync} and {@code HttpURLConnection} (GET, and a POST that
 * gets a 503), and a closed port. Asserts the client spans and their attributes, the injected
 * {@code traceparent}/{@code tracestate}, the backend's server spans continuing the trace under the
 * client spans, one assembled trace (completed by the collector's own timing, not a flush, while the
 * backend's part arrives well before the caller's), nothing recorded or injected outside a request,
 * and no span for the agents' own calls to the collector.
 */
class HttpClientPropagationIT {

    static Stream<Path> runtimes() {
        return JavaRuntimes.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void oneTraceAcrossTwoServices(Path java, @TempDir Path out) throws Exception {
        String traceId = NPlusOneEndToEndIT.randomHex(32);
        String callerSpanId = NPlusOneEndToEndIT.randomHex(16);
        String body;
        int backendPort;
        int collectorPort;
        long lateSpans;
        CollectorConfig config = CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .traceQuietPeriod(Duration.ofMillis(300)).flushInterval(Duration.ofMillis(500)).build();
        try (Collector collector = Collector.start(config)) {
            collectorPort = collector.port();
            String agent = "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1,stats.interval.ms=500,service.name=";
            try (ForkedJvm backend = ForkedJvm.start(java, Builds.agentJar(), agent + "backend", List.of(),
                    ForkedJvm.testClassPath(), BackendApp.class.getName())) {
                backendPort = backend.awaitPort(60);
                try (ForkedJvm frontend = ForkedJvm.start(java, Builds.agentJar(), agent + "frontend", List.of(),
                        ForkedJvm.testClassPath(), FrontendApp.class.getName(), Integer.toString(backendPort))) {
                    ShopClient client = new ShopClient(frontend.awaitPort(60));
                    // linger: the frontend's request ends 1.5 s after the backend's, longer than the quiet period
                    HttpResponse<String> response = client.get("/checkout/42?linger=1500",
                            "traceparent", "00-" + traceId + "-" + callerSpanId + "-01", "tracestate", "hp=test");
                    assertEquals(200, response.statusCode(), response.body() + frontend.output());
                    body = response.body();
                    awaitTrace(out, traceId, 20_000); // completed by quiet period, not by the final flush
                    client.get("/checkout/43"); // exports go on while the collector serves: still no span of them
                    Thread.sleep(1500);
                    frontend.stop(30);
                    assertFalse(frontend.output().contains("not instrumenting"), frontend.output());
                }
                backend.stop(30);
            }
            collector.flush();
            lateSpans = collector.counters().get("spans.late");
        }

        List<JsonNode> lines = traceLines(out);
        List<JsonNode> ours = lines.stream().filter(t -> traceId.equals(t.path("traceId").asText())).toList();
        assertEquals(1, ours.size(), "one assembled trace for the request: " + ours);
        assertEquals(0, lateSpans, "no span of the trace arrived after it was completed");
        JsonNode trace = ours.get(0);
        assertTrue(trace.path("rootSeen").asBoolean(), trace.toString());
        assertEquals("/checkout/{id}", trace.at("/endpoint/route").asText(), "the caller's server span is the root");

        JsonNode root = only(spans(trace, "server", "frontend"));
        assertEquals(callerSpanId, root.path("parentSpanId").asText());
        Map<String, JsonNode> clients = new HashMap<>();
        for (JsonNode span : spans(trace, "http.client", "frontend")) {
            assertEquals("CLIENT", span.path("kind").asText(), span.toString());
            assertEquals(root.path("spanId").asText(), span.path("parentSpanId").asText(), "parent: the request's root span");
            clients.put(span.at("/attributes/url.template").asText(), span);
        }
        assertEquals(5, clients.size(), "send, sendAsync, two HttpURLConnection calls, one refused: " + clients.keySet());

        JsonNode send = clients.get("/stock/{id}").get("attributes");
        assertEquals("GET", send.path("http.request.method").asText());
        assertEquals("127.0.0.1", send.path("server.address").asText());
        assertEquals(backendPort, send.path("server.port").asInt());
        assertEquals(200, send.path("http.response.status_code").asInt());
        assertTrue(send.path("http.response.body.size").asLong() > 55, send.toString());
        JsonNode async = clients.get("/reserve/{id}").get("attributes");
        assertEquals("POST", async.path("http.request.method").asText());
        assertEquals(201, async.path("http.response.status_code").asInt());
        assertEquals(5, async.path("http.request.body.size").asInt(), "qty=1");
        JsonNode huc = clients.get("/price/{id}").get("attributes");
        assertEquals("GET", huc.path("http.request.method").asText());
        assertEquals(backendPort, huc.path("server.port").asInt());
        assertEquals(200, huc.path("http.response.status_code").asInt());
        JsonNode failed = clients.get("/fail");
        assertEquals("POST", failed.at("/attributes/http.request.method").asText());
        assertEquals(503, failed.at("/attributes/http.response.status_code").asInt());
        assertEquals("ERROR", failed.path("status").asText());
        assertEquals("503", failed.at("/attributes/error.type").asText());
        JsonNode refused = clients.get("/down/{id}");
        assertEquals("ERROR", refused.path("status").asText());
        assertEquals("java.net.ConnectException", refused.at("/attributes/error.type").asText(), refused.toString());
        assertTrue(refused.at("/attributes/http.response.status_code").isMissingNode());

        // the backend continued the trace: each server span's parent is the client span that called it
        Map<String, String> backendParents = new HashMap<>();
        for (JsonNode span : spans(trace, "server", "backend")) {
            backendParents.put(span.at("/attributes/http.route").asText(), span.path("parentSpanId").asText());
        }
        assertEquals(4, backendParents.size(), backendParents.toString());
        for (String route : List.of("/stock/{id}", "/reserve/{id}", "/price/{id}", "/fail")) {
            String clientSpanId = clients.get(route).path("spanId").asText();
            assertEquals(clientSpanId, backendParents.get(route), route);
            assertTrue(body.contains("00-" + traceId + "-" + clientSpanId + "-01|hp=test"), "headers seen by the backend: " + body);
        }

        // nothing recorded or injected outside a request, and never the agents' own export calls
        int clientSpans = 0;
        for (JsonNode t : lines) {
            for (JsonNode span : t.get("spans")) {
                String type = span.at("/attributes/hotpath.span.type").asText();
                if (type.equals("http.client")) {
                    clientSpans++;
                    assertTrue(span.at("/attributes/server.port").asInt() != collectorPort, "exporter call traced: " + span);
                    assertFalse(span.at("/attributes/url.template").asText().startsWith("/v1/"), span.toString());
                }
                if (span.at("/attributes/url.path").asText().startsWith("/startup/")) {
                    assertTrue(span.path("parentSpanId").asText("").isEmpty() || span.path("parentSpanId").isNull(),
                            "no traceparent sent outside a request: " + span);
                }
            }
        }
        assertEquals(10, clientSpans, "five per checkout request, none elsewhere");
        assertEquals(2, lines.stream().filter(t -> t.path("spans").toString().contains("/startup/")).count(),
                "the backend recorded both calls made outside a request, as traces of their own");
    }
}
