package dev.hotpath.examples.e2e;

import static dev.hotpath.examples.e2e.TraceQueries.awaitTrace;
import static dev.hotpath.examples.e2e.TraceQueries.only;
import static dev.hotpath.examples.e2e.TraceQueries.spans;
import static dev.hotpath.examples.e2e.TraceQueries.traceLines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.BackendApp;
import dev.hotpath.examples.e2e.apps.LibraryClientsFrontendApp;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client libraries across two services, each a forked JVM with the agent (JDK 17 and 25), both
 * exporting to one embedded collector: a frontend request calls the backend with Apache HttpClient 5
 * classic (a response-handler {@code execute} whose overloads nest, and a POST that gets a 503) and
 * OkHttp ({@code execute}, {@code enqueue} answered on the dispatcher's thread, a closed port).
 * Asserts one client span per call with its attributes, the injected {@code traceparent} and
 * {@code tracestate}, the backend's server spans under the client spans, one assembled trace, and
 * nothing recorded or injected outside a request.
 */
class LibraryHttpClientPropagationIT {

    static Stream<Path> runtimes() {
        return JavaRuntimes.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void oneTraceAcrossTwoServices(Path java, @TempDir Path out) throws Exception {
        String traceId = NPlusOneEndToEndIT.randomHex(32);
        String callerSpanId = NPlusOneEndToEndIT.randomHex(16);
        String body;
        String frontendOutput;
        int backendPort;
        long lateSpans;
        CollectorConfig config = CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .traceQuietPeriod(Duration.ofMillis(300)).flushInterval(Duration.ofMillis(500)).build();
        try (Collector collector = Collector.start(config)) {
            String agent = "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1,stats.interval.ms=500,service.name=";
            try (ForkedJvm backend = ForkedJvm.start(java, Builds.agentJar(), agent + "backend", List.of(),
                    ForkedJvm.testClassPath(), BackendApp.class.getName())) {
                backendPort = backend.awaitPort(60);
                try (ForkedJvm frontend = ForkedJvm.start(java, Builds.agentJar(), agent + "frontend", List.of(),
                        ForkedJvm.testClassPath(), LibraryClientsFrontendApp.class.getName(), Integer.toString(backendPort))) {
                    ShopClient client = new ShopClient(frontend.awaitPort(60));
                    HttpResponse<String> response = client.get("/checkout/42?linger=1000",
                            "traceparent", "00-" + traceId + "-" + callerSpanId + "-01", "tracestate", "hp=test");
                    assertEquals(200, response.statusCode(), response.body() + frontend.output());
                    body = response.body();
                    awaitTrace(out, traceId, 20_000);
                    client.get("/checkout/43");
                    Thread.sleep(1500);
                    frontend.stop(30);
                    frontendOutput = frontend.output();
                }
                backend.stop(30);
            }
            collector.flush();
            lateSpans = collector.counters().get("spans.late");
        }
        assertFalse(frontendOutput.contains("not instrument"), frontendOutput);

        List<JsonNode> lines = traceLines(out);
        List<JsonNode> ours = lines.stream().filter(t -> traceId.equals(t.path("traceId").asText())).toList();
        assertEquals(1, ours.size(), "one assembled trace for the request: " + ours);
        assertEquals(0, lateSpans, "no span of the trace arrived after it was completed");
        JsonNode trace = ours.get(0);
        JsonNode root = only(spans(trace, "server", "frontend"));
        assertEquals(callerSpanId, root.path("parentSpanId").asText());

        Map<String, JsonNode> clients = new HashMap<>();
        for (JsonNode span : spans(trace, "http.client", "frontend")) {
            assertEquals("CLIENT", span.path("kind").asText(), span.toString());
            assertEquals(root.path("spanId").asText(), span.path("parentSpanId").asText(), "parent: the request's root span");
            assertTrue(span.at("/attributes/hotpath.span.unfinished").isMissingNode(), span.toString());
            assertTrue(clients.put(span.at("/attributes/url.template").asText(), span) == null, "one span per call: " + span);
        }
        assertEquals(5, clients.size(), "apache GET and POST, okhttp execute, enqueue and refused: " + clients.keySet());

        JsonNode apacheGet = clients.get("/stock/{id}").get("attributes");
        assertEquals("GET", apacheGet.path("http.request.method").asText());
        assertEquals("127.0.0.1", apacheGet.path("server.address").asText());
        assertEquals(backendPort, apacheGet.path("server.port").asInt());
        assertEquals(200, apacheGet.path("http.response.status_code").asInt());
        JsonNode apachePost = clients.get("/fail");
        assertEquals("POST", apachePost.at("/attributes/http.request.method").asText());
        assertEquals(backendPort, apachePost.at("/attributes/server.port").asInt());
        assertEquals(503, apachePost.at("/attributes/http.response.status_code").asInt());
        assertEquals("ERROR", apachePost.path("status").asText());
        assertEquals("503", apachePost.at("/attributes/error.type").asText());
        JsonNode okGet = clients.get("/price/{id}").get("attributes");
        assertEquals("GET", okGet.path("http.request.method").asText());
        assertEquals("127.0.0.1", okGet.path("server.address").asText());
        assertEquals(backendPort, okGet.path("server.port").asInt());
        assertEquals(200, okGet.path("http.response.status_code").asInt());
        JsonNode okAsync = clients.get("/reserve/{id}").get("attributes");
        assertEquals("POST", okAsync.path("http.request.method").asText());
        assertEquals(201, okAsync.path("http.response.status_code").asInt());
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
        for (String route : List.of("/stock/{id}", "/fail", "/price/{id}", "/reserve/{id}")) {
            String clientSpanId = clients.get(route).path("spanId").asText();
            assertEquals(clientSpanId, backendParents.get(route), route);
            assertTrue(body.contains("00-" + traceId + "-" + clientSpanId + "-01|hp=test"), "headers seen by the backend: " + body);
        }

        // nothing recorded or injected outside a request
        int clientSpans = 0;
        for (JsonNode t : lines) {
            for (JsonNode span : t.get("spans")) {
                if (span.at("/attributes/hotpath.span.type").asText().equals("http.client")) {
                    clientSpans++;
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
