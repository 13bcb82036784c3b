package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path on a real forked JVM: example shop (Jetty, HikariCP, H2) + the built agent jar +
 * an embedded collector. The labelled N+1 endpoint gives exactly one finding, its fixed twin none;
 * every exemplar trace id resolves to a kept trace; a caller's traceparent is continued.
 */
class NPlusOneEndToEndIT {
    static final int REQUESTS_PER_ORDERS_ENDPOINT = 60;

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void findsTheNPlusOneAndNothingOnItsFixedTwin(Path java, @TempDir Path out) throws Exception {
        String callerTraceId = randomHex(32);
        String callerSpanId = randomHex(16);
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",service.name=shop,stats.interval.ms=1000",
                     List.of(), Builds.examplesJar(), "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            ShopClient client = new ShopClient(shop.awaitPort(90));

            List<String> paths = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_ORDERS_ENDPOINT; i++) {
                int customer = 1 + (i * 37) % 1000;
                paths.add("/customers/" + customer + "/orders");
                paths.add("/customers/" + customer + "/orders-fixed");
                paths.add("/products/" + (1 + (i * 13) % 500));
            }
            for (int status : client.getAll(paths, 4)) {
                assertEquals(200, status, shop.output());
            }
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> created = client.post("/orders",
                        "{\"customerId\":" + (i + 1) + ",\"items\":[{\"productId\":3,\"quantity\":2},{\"productId\":4,\"quantity\":1}]}");
                assertEquals(201, created.statusCode(), created.body());
            }
            HttpResponse<String> traced = client.get("/products/7",
                    "traceparent", "00-" + callerTraceId + "-" + callerSpanId + "-01");
            assertEquals(200, traced.statusCode());

            // every N+1 request is kept: at least server + acquire + 5 statements each
            Delivery.awaitSpans(collector, 7L * REQUESTS_PER_ORDERS_ENDPOINT, 60);
            shop.stop(30); // SIGTERM: the agent delivers its last aggregates (the counts below must be exact)
            assertTrue(shop.output().contains("[hotpath] agent"), shop.output());
            collector.flush();
        }

        RunDirectory run = new RunDirectory(out);
        FindingsSchemaCheck.assertValid(run.findingLines());
        List<JsonNode> findings = run.findings();
        List<JsonNode> nPlusOne = findings.stream().filter(f -> "n_plus_one".equals(f.path("kind").asText())).toList();
        assertEquals(1, nPlusOne.size(), "exactly one N+1 finding: " + run.findingLines());
        JsonNode finding = nPlusOne.get(0);
        assertEquals("GET", finding.at("/endpoint/method").asText());
        assertEquals("/customers/{id}/orders", finding.at("/endpoint/route").asText());
        assertEquals("access", finding.at("/endpoint/path").asText());
        for (JsonNode f : findings) {
            assertFalse(f.at("/endpoint/route").asText().contains("orders-fixed"), "no finding on the fixed twin: " + f);
        }

        // the numbers: every customer has 5..40 orders, so 5..40 item queries per request
        assertTrue(finding.at("/evidence/repeatsPerRequest/p50").asDouble() >= 5, finding.toString());
        assertTrue(finding.at("/evidence/repeatsPerRequest/max").asDouble() <= 40, finding.toString());
        assertTrue(finding.at("/evidence/statement").asText().toLowerCase().contains("order_id = ?"), finding.toString());
        assertEquals(REQUESTS_PER_ORDERS_ENDPOINT, finding.at("/impact/requestsAffected").asInt(), finding.toString());
        assertEquals(1.0, finding.at("/impact/shareOfRequests").asDouble(), 1e-9, finding.toString());
        assertTrue(finding.at("/codePointers/0/function").asText().startsWith("dev.hotpath.examples.shop."), finding.toString());

        // every exemplar trace id resolves to a kept trace of that endpoint
        Map<String, JsonNode> traces = run.traces();
        JsonNode exemplars = finding.get("exemplarTraceIds");
        assertTrue(exemplars.size() >= 1, finding.toString());
        for (JsonNode id : exemplars) {
            JsonNode trace = traces.get(id.asText());
            assertNotNull(trace, "exemplar " + id + " is among the kept traces");
            assertEquals("/customers/{id}/orders", trace.at("/endpoint/route").asText());
        }

        // aggregates count every request, kept or not
        assertEquals(REQUESTS_PER_ORDERS_ENDPOINT, run.endpoint("GET", "/customers/{id}/orders").path("count").asInt());
        assertEquals(REQUESTS_PER_ORDERS_ENDPOINT, run.endpoint("GET", "/customers/{id}/orders-fixed").path("count").asInt());
        assertEquals(5, run.endpoint("POST", "/orders").path("count").asInt());

        // the caller's trace id is ours, and our server span's parent is the caller's span
        JsonNode continued = traces.get(callerTraceId);
        assertNotNull(continued, "request sent with a traceparent is recorded under its trace id");
        boolean parentLinked = false;
        for (JsonNode span : continued.get("spans")) {
            parentLinked |= callerSpanId.equals(span.path("parentSpanId").asText());
        }
        assertTrue(parentLinked, continued.toString());
    }

    static String randomHex(int chars) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return sb.substring(0, chars);
    }
}
