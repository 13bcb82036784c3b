package dev.hotpath.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.jfr.JfrSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrIngestTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path out;

    private HttpResponse<String> post(Collector c, String query, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(c.endpoint() + "/v1/hotpath/jfr" + query))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] fixture() throws Exception {
        try (InputStream in = JfrIngestTest.class.getResourceAsStream("/jfr/contention.jfr")) {
            return in.readAllBytes();
        }
    }

    @Test
    void storesAndParsesAChunkAndRefusesBadOnesWithAReason() throws Exception {
        byte[] jfr = fixture();
        JfrSettings small = new JfrSettings(1 << 20, (long) jfr.length * 2 + 10, 1000, 1000, 3, 0.05, 3, 0.1);
        try (Collector c = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).jfr(small).build())) {
            String q = "?service=shop&instance=i-1&kind=continuous&start=1&end=2";
            assertEquals(200, post(c, q, "application/octet-stream", jfr).statusCode());
            assertEquals(1, c.counters().get("jfr.chunks.received"));

            HttpResponse<String> garbage = post(c, q, "application/octet-stream", "not a recording".getBytes());
            assertEquals(400, garbage.statusCode());
            assertTrue(garbage.body().contains("not a JFR file"), garbage.body());
            HttpResponse<String> noKind = post(c, "?service=shop&instance=i-1", "application/octet-stream", jfr);
            assertEquals(400, noKind.statusCode());
            assertTrue(noKind.body().contains("'kind'"), noKind.body());
            assertEquals(400, post(c, "?service=shop&instance=i-1&kind=heap", "application/octet-stream", jfr).statusCode());
            assertEquals(415, post(c, q, "application/json", jfr).statusCode());
            byte[] truncated = java.util.Arrays.copyOf(jfr, 200);
            HttpResponse<String> cut = post(c, q, "application/octet-stream", truncated);
            assertEquals(400, cut.statusCode(), cut.body());
            assertEquals(1, c.counters().get("jfr.chunks.parse_failed"));

            // the store keeps within its bound: the third chunk deletes the first
            post(c, q, "application/octet-stream", jfr);
            post(c, q, "application/octet-stream", jfr);
            assertEquals(3, c.counters().get("jfr.chunks.received"));
            assertEquals(1, c.counters().get("jfr.store.deleted"));
            try (Stream<Path> files = Files.list(out.resolve("jfr"))) {
                assertEquals(2, files.filter(f -> f.toString().endsWith(".jfr")).count());
            }
        }
    }
}
