package dev.hotpath.examples.e2e;

import static dev.hotpath.examples.e2e.TraceQueries.spans;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.examples.e2e.apps.FrontendApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        TwoServiceRun run = TwoServiceRun.run(java, out, FrontendApp.class, 1500);
        JsonNode trace = run.trace;
        JsonNode root = run.root;
        int backendPort = run.backendPort;
        assertTrue(trace.path("rootSeen").asBoolean(), trace.toString());
        assertEquals("/checkout/{id}", trace.at("/endpoint/route").asText(), "the caller's server span is the root");
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

        run.assertBackendContinues(clients, List.of("/stock/{id}", "/reserve/{id}", "/price/{id}", "/fail"));
        run.assertNothingOutsideRequests(5);
    }
}
