package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.BackendApp;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hotpath.examples.e2e.TraceQueries.awaitTrace;
import static dev.hotpath.examples.e2e.TraceQueries.only;
import static dev.hotpath.examples.e2e.TraceQueries.spans;
import static dev.hotpath.examples.e2e.TraceQueries.traceLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend and the backend it calls, each a forked JVM with the agent, both exporting to one
 * embedded collector: one checkout request carrying a caller's traceparent (the frontend lingers
 * after its calls, so the backend's part reaches the collector well before the caller's), then one
 * more request. Holds what came out and the checks every HTTP-client test makes of it.
 */
final class TwoServiceRun {
    final String traceId = NPlusOneEndToEndIT.randomHex(32);
    final String callerSpanId = NPlusOneEndToEndIT.randomHex(16);
    String body;
    int backendPort;
    int collectorPort;
    List<JsonNode> lines;
    JsonNode trace;
    JsonNode root;

    private TwoServiceRun() {
    }

    static TwoServiceRun run(Path java, Path out, Class<?> frontendApp, int lingerMillis) throws Exception {
        TwoServiceRun r = new TwoServiceRun();
        String frontendOutput;
        long lateSpans;
        CollectorConfig config = CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .traceQuietPeriod(Duration.ofMillis(300)).flushInterval(Duration.ofMillis(500)).build();
        try (Collector collector = Collector.start(config)) {
            r.collectorPort = collector.port();
            String agent = "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1,stats.interval.ms=500,service.name=";
            try (ForkedJvm backend = ForkedJvm.start(java, Builds.agentJar(), agent + "backend", List.of(),
                    ForkedJvm.testClassPath(), BackendApp.class.getName())) {
                r.backendPort = backend.awaitPort(60);
                try (ForkedJvm frontend = ForkedJvm.start(java, Builds.agentJar(), agent + "frontend", List.of(),
                        ForkedJvm.testClassPath(), frontendApp.getName(), Integer.toString(r.backendPort))) {
                    ShopClient client = new ShopClient(frontend.awaitPort(60));
                    // linger: the frontend's request ends after the backend's, longer than the quiet period
                    HttpResponse<String> response = client.get("/checkout/42?linger=" + lingerMillis,
                            "traceparent", "00-" + r.traceId + "-" + r.callerSpanId + "-01", "tracestate", "hp=test");
                    assertEquals(200, response.statusCode(), response.body() + frontend.output());
                    r.body = response.body();
                    awaitTrace(out, r.traceId, 20_000); // completed by quiet period, not by the final flush
                    client.get("/checkout/43"); // exports go on while the collector serves: still no span of them
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

        r.lines = traceLines(out);
        List<JsonNode> ours = r.lines.stream().filter(t -> r.traceId.equals(t.path("traceId").asText())).toList();
        assertEquals(1, ours.size(), "one assembled trace for the request: " + ours);
        assertEquals(0, lateSpans, "no span of the trace arrived after it was completed");
        r.trace = ours.get(0);
        r.root = only(spans(r.trace, "server", "frontend"));
        assertEquals(r.callerSpanId, r.root.path("parentSpanId").asText());
        return r;
    }

    /** The backend continued the trace: each server span's parent is the client span that called it. */
    void assertBackendContinues(Map<String, JsonNode> clients, List<String> routes) {
        Map<String, String> backendParents = new HashMap<>();
        for (JsonNode span : spans(trace, "server", "backend")) {
            backendParents.put(span.at("/attributes/http.route").asText(), span.path("parentSpanId").asText());
        }
        assertEquals(routes.size(), backendParents.size(), backendParents.toString());
        for (String route : routes) {
            String clientSpanId = clients.get(route).path("spanId").asText();
            assertEquals(clientSpanId, backendParents.get(route), route);
            assertTrue(body.contains("00-" + traceId + "-" + clientSpanId + "-01|hp=test"), "headers seen by the backend: " + body);
        }
    }

    /** Nothing recorded or injected outside a request, and never the agents' own export calls. */
    void assertNothingOutsideRequests(int clientSpansPerCheckout) {
        int clientSpans = 0;
        for (JsonNode t : lines) {
            for (JsonNode span : t.get("spans")) {
                if (span.at("/attributes/hotpath.span.type").asText().equals("http.client")) {
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
        assertEquals(2 * clientSpansPerCheckout, clientSpans, "per checkout request, none elsewhere");
        assertEquals(2, lines.stream().filter(t -> t.path("spans").toString().contains("/startup/")).count(),
                "the backend recorded both calls made outside a request, as traces of their own");
    }
}
