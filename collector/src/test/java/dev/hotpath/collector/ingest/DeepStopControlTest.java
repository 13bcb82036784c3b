package dev.hotpath.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deep-mode kill switch on the collector side: once requested, every stats answer carries it. */
class DeepStopControlTest {
    private static final String STATS = "{\"schema\":1,\"service\":\"shop\",\"instance\":\"i-1\",\"intervalStartMs\":1,"
            + "\"intervalEndMs\":2,\"routes\":[],\"queries\":[],\"counters\":{\"deep.windows.completed\":1}}";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(Collector c, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.endpoint() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statsAnswersCarryTheStopOnceRequested(@TempDir Path out) throws Exception {
        try (Collector c = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).flushInterval(Duration.ZERO).build())) {
            assertEquals("{}", send(c, "POST", "/v1/hotpath/stats", STATS).body());
            assertEquals(405, send(c, "GET", "/v1/hotpath/control/deep-stop", null).statusCode());
            HttpResponse<String> stop = send(c, "POST", "/v1/hotpath/control/deep-stop", null);
            assertEquals(200, stop.statusCode());
            assertEquals("{\"deep\":\"stop\"}", send(c, "POST", "/v1/hotpath/stats", STATS).body());
            assertEquals("{\"deep\":\"stop\"}", send(c, "POST", "/v1/hotpath/stats", STATS).body(), "and it stays");
            assertEquals(1, c.counters().get("control.deep_stop"));
        }
    }

    @Test
    void embeddedCollectorsCanSendItToo(@TempDir Path out) throws Exception {
        try (Collector c = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).flushInterval(Duration.ZERO).build())) {
            c.requestDeepStop();
            assertEquals("{\"deep\":\"stop\"}", send(c, "POST", "/v1/hotpath/stats", STATS).body());
        }
    }
}
