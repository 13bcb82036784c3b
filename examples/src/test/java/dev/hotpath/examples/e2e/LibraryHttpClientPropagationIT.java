package dev.hotpath.examples.e2e;

import static dev.hotpath.examples.e2e.TraceQueries.spans;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.examples.e2e.apps.LibraryClientsFrontendApp;
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
        TwoServiceRun run = TwoServiceRun.run(java, out, LibraryClientsFrontendApp.class, 1000);
        JsonNode trace = run.trace;
        JsonNode root = run.root;
        int backendPort = run.backendPort;

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
        assertEquals(3, apachePost.at("/attributes/http.request.body.size").asInt(), "the entity's length: " + apachePost);
        JsonNode okGet = clients.get("/price/{id}").get("attributes");
        assertEquals("GET", okGet.path("http.request.method").asText());
        assertEquals("127.0.0.1", okGet.path("server.address").asText());
        assertEquals(backendPort, okGet.path("server.port").asInt());
        assertEquals(200, okGet.path("http.response.status_code").asInt());
        JsonNode okAsync = clients.get("/reserve/{id}").get("attributes");
        assertEquals("POST", okAsync.path("http.request.method").asText());
        assertEquals(201, okAsync.path("http.response.status_code").asInt());
        assertEquals(5, okAsync.path("http.request.body.size").asInt(), "the RequestBody's length: " + okAsync);
        assertTrue(okGet.path("http.request.body.size").isMissingNode(), "a GET has no request body: " + okGet);
        JsonNode refused = clients.get("/down/{id}");
        assertEquals("ERROR", refused.path("status").asText());
        assertEquals("java.net.ConnectException", refused.at("/attributes/error.type").asText(), refused.toString());
        assertTrue(refused.at("/attributes/http.response.status_code").isMissingNode());

        run.assertBackendContinues(clients, List.of("/stock/{id}", "/fail", "/price/{id}", "/reserve/{id}"));
        run.assertNothingOutsideRequests(5);
    }
}
