package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.HttpServerApp;
import dev.hotpath.examples.e2e.apps.JavaxServletApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each inbound server instrumentation on a real server in a forked JVM (JDK 17 and 25), with JDBC
 * through the plain H2 driver: server span attributes, a continued traceparent, DB spans with
 * sanitized SQL, fingerprint, system, namespace and code pointer, the acquire span, a batch, and an
 * escaping exception recorded as the 500 the server sent.
 */
class InboundServersIT {

    static Stream<Arguments> apps() {
        List<Arguments> out = new ArrayList<>();
        for (Path java : JavaRuntimes.available()) {
            out.add(Arguments.of(java, HttpServerApp.class.getName()));
            out.add(Arguments.of(java, JavaxServletApp.class.getName()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("apps")
    void recordsRequestsAndTheirSql(Path java, String app, @TempDir Path out) throws Exception {
        String traceId = NPlusOneEndToEndIT.randomHex(32);
        String parentSpanId = NPlusOneEndToEndIT.randomHex(16);
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm jvm = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",service.name=apps,sample.rate=1,stats.interval.ms=500",
                     List.of(), ForkedJvm.testClassPath(), app)) {
            ShopClient client = new ShopClient(jvm.awaitPort(90));
            if (app.equals(HttpServerApp.class.getName())) {
                String threads = jvm.output().lines().filter(l -> l.startsWith("THREADS AT START")).findFirst().orElseThrow();
                assertTrue(threads.contains("main") && !threads.contains("hotpath"), "no agent thread before the first request: " + threads);
            }
            HttpResponse<String> items = client.get("/items/6", "traceparent", "00-" + traceId + "-" + parentSpanId + "-01");
            assertEquals(200, items.statusCode(), jvm.output());
            assertTrue(items.body().startsWith("item-1 item-2"), items.body());
            assertEquals(201, client.post("/audit", "{}").statusCode());
            boolean servlet = app.equals(JavaxServletApp.class.getName());
            if (servlet) {
                assertEquals(200, client.get("/owners/42/pets").statusCode());
            }
            try {
                client.get("/boom"); // Tomcat answers 500; the JDK server closes the connection unanswered
            } catch (java.io.IOException closedUnanswered) {
                // expected from com.sun.net.httpserver: what matters is what the agent recorded
            }
            // /items/6: server + acquire + 7 statements; /audit: server + acquire + batch; /boom: server
            Delivery.awaitSpans(collector, servlet ? 14 : 13, 60);
            jvm.stop(30);
            collector.flush();
        }

        Map<String, JsonNode> traces = new RunDirectory(out).traces();
        JsonNode trace = traces.get(traceId);
        assertNotNull(trace, "the request with a traceparent is recorded under its trace id: " + traces.keySet());
        JsonNode root = spans(trace, "server").get(0);
        assertEquals(parentSpanId, root.path("parentSpanId").asText());
        JsonNode attrs = root.get("attributes");
        assertEquals("GET", attrs.path("http.request.method").asText());
        assertEquals("/items/{id}", attrs.path("http.route").asText());
        assertEquals("/items/6", attrs.path("url.path").asText());
        assertEquals(200, attrs.path("http.response.status_code").asInt());

        List<JsonNode> db = spans(trace, "db");
        assertEquals(7, db.size(), "six lookups and one count, one span each: " + trace);
        JsonNode lookup = db.get(0).get("attributes");
        assertEquals("select name from items where id = ?", lookup.path("db.query.text").asText());
        assertEquals("h2", lookup.path("db.system.name").asText());
        assertEquals("apps", lookup.path("db.namespace").asText());
        assertEquals(16, lookup.path("hotpath.db.fingerprint").asText().length());
        assertTrue(lookup.path("code.function.name").asText().startsWith(AppDatabaseName.NAME), lookup.toString());
        assertTrue(lookup.path("code.line.number").asInt() > 0, lookup.toString());
        JsonNode count = db.get(6).get("attributes");
        assertEquals("select count(*) from items where name like ?", count.path("db.query.text").asText(), "literal sanitized");
        assertEquals("h2", count.path("db.system.name").asText(), "plain statements know their database too");
        assertEquals(1, spans(trace, "db.connection.acquire").size(), "DriverManager.getConnection is one acquire span");
        for (JsonNode span : db) {
            assertEquals(root.path("spanId").asText(), span.path("parentSpanId").asText());
        }

        if (app.equals(JavaxServletApp.class.getName())) {
            JsonNode owners = only(traces, "GET", "/owners/{ownerId}/pets");
            assertEquals("/owners/42/pets", spans(owners, "server").get(0).at("/attributes/url.path").asText(),
                    "the framework's route template wins over the normalised path");
        }

        JsonNode audit = only(traces, "POST", "/audit");
        List<JsonNode> batch = spans(audit, "db");
        assertEquals(1, batch.size(), audit.toString());
        assertEquals(3, batch.get(0).at("/attributes/db.operation.batch.size").asInt(), audit.toString());
        assertEquals(201, spans(audit, "server").get(0).at("/attributes/http.response.status_code").asInt());

        // java.net.http retries a GET the server closed unanswered, so /boom may arrive twice: check each
        List<JsonNode> booms = matching(traces, "GET", "/boom");
        assertTrue(booms.size() >= 1, traces.keySet().toString());
        for (JsonNode boom : booms) {
            JsonNode boomRoot = spans(boom, "server").get(0);
            assertEquals(500, boomRoot.at("/attributes/http.response.status_code").asInt(), boom.toString());
            assertEquals("ERROR", boomRoot.path("status").asText());
            assertTrue(boomRoot.at("/attributes/error.type").asText().endsWith("Exception"), boom.toString());
        }
    }

    private static List<JsonNode> spans(JsonNode trace, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode span : trace.get("spans")) {
            if (type.equals(span.at("/attributes/hotpath.span.type").asText())) {
                out.add(span);
            }
        }
        out.sort((a, b) -> Long.compare(a.path("startEpochNanos").asLong(), b.path("startEpochNanos").asLong()));
        return out;
    }

    private static List<JsonNode> matching(Map<String, JsonNode> traces, String method, String route) {
        return traces.values().stream()
                .filter(t -> method.equals(t.at("/endpoint/method").asText()) && route.equals(t.at("/endpoint/route").asText()))
                .toList();
    }

    private static JsonNode only(Map<String, JsonNode> traces, String method, String route) {
        List<JsonNode> found = matching(traces, method, route);
        assertEquals(1, found.size(), method + " " + route + " kept once (sample.rate=1): " + traces.keySet());
        return found.get(0);
    }

    /** The class whose frames the code pointer must name. */
    private static final class AppDatabaseName {
        static final String NAME = dev.hotpath.examples.e2e.apps.AppDatabase.class.getName() + ".items";
    }
}
