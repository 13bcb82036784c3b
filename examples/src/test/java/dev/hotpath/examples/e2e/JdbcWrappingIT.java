package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.WrappedJdbcApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call-depth guard: three nested DataSources, proxy-wrapped connections and statements, and a
 * getMetaData that runs SQL of its own give exactly one span per logical call, and the agent's own
 * getMetaData call (to learn the database) records nothing.
 */
class JdbcWrappingIT {

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void oneSpanPerLogicalCall(Path java, @TempDir Path out) throws Exception {
        int requests = 3;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",sample.rate=1,stats.interval.ms=300",
                     List.of(), ForkedJvm.testClassPath(), WrappedJdbcApp.class.getName())) {
            ShopClient client = new ShopClient(app.awaitPort(90));
            for (int i = 0; i < requests; i++) {
                var response = client.get("/wrapped");
                assertEquals(200, response.statusCode(), response.body() + app.output());
                assertEquals("ab", response.body());
            }
            Delivery.awaitSpans(collector, requests * 4L, 60);
            app.stop(30);
            assertFalse(app.output().contains("StackOverflowError"), app.output());
            collector.flush();
        }
        Map<String, JsonNode> traces = new RunDirectory(out).traces();
        assertEquals(requests, traces.size(), traces.keySet().toString());
        for (JsonNode trace : traces.values()) {
            List<JsonNode> acquire = spans(trace, "db.connection.acquire");
            List<JsonNode> db = spans(trace, "db");
            assertEquals(1, acquire.size(), "three DataSources around H2's: one acquire span\n" + trace);
            assertEquals(2, db.size(), "two executeQuery calls through a proxy statement: two DB spans\n" + trace);
            for (JsonNode span : db) {
                assertEquals("select v from t where id = ?", span.at("/attributes/db.query.text").asText());
                assertEquals("h2", span.at("/attributes/db.system.name").asText(), "learned through the proxy's getMetaData");
                assertTrue(span.at("/attributes/db.namespace").asText().equals("wrapped"), span.toString());
            }
        }
    }

    private static List<JsonNode> spans(JsonNode trace, String type) {
        List<JsonNode> out = new ArrayList<>();
        trace.get("spans").forEach(s -> {
            if (type.equals(s.at("/attributes/hotpath.span.type").asText())) {
                out.add(s);
            }
        });
        return out;
    }
}
