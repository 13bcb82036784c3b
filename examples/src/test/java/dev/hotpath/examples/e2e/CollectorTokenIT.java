package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.examples.e2e.apps.HttpServerApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A collector that requires a token (as it must when it listens beyond loopback) takes data from an
 * agent given that token and refuses an agent with a wrong one; the refused agent's app is unaffected.
 */
class CollectorTokenIT {

    @ParameterizedTest(name = "agent token {0}")
    @CsvSource({"s3cret-token, true", "wrong-token, false"})
    void agentAuthenticatesWithItsToken(String agentToken, boolean accepted, @TempDir Path out) throws Exception {
        Path java = JavaRuntimes.available().get(0);
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).token("s3cret-token").build());
             ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",collector.token=" + agentToken
                             + ",sample.rate=1,stats.interval.ms=300",
                     List.of(), ForkedJvm.testClassPath(), HttpServerApp.class.getName())) {
            ShopClient client = new ShopClient(app.awaitPort(90));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.get("/items/2").statusCode());
            }
            Delivery.awaitSpans(collector, accepted ? 3 * 4 : Long.MAX_VALUE, accepted ? 60 : 3);
            app.stop(30);
            long spans = collector.counters().get("received.spans");
            if (accepted) {
                assertTrue(spans >= 12, "three requests of server + acquire + 2 statements: " + spans);
            } else {
                assertEquals(0, spans, "nothing accepted without the right token");
                assertTrue(collector.counters().sumPrefix("requests.rejected.") > 0, "the refusals are counted");
                assertTrue(app.output().contains("[hotpath] span export") || app.output().contains("[hotpath] stats post"),
                        "the agent says once that export fails: " + app.output());
            }
        }
    }
}
