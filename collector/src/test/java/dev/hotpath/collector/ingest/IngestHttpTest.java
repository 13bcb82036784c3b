package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.findings.SummaryWriter;
import dev.hotpath.collector.findings.TraceLog;
import dev.hotpath.collector.stats.HistogramCodec;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.testing.Otlp;
import dev.hotpath.collector.testing.SpanSpec;
import dev.hotpath.collector.testing.TraceBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP on loopback, ephemeral ports. Traces complete only on flush (long quiet period): no timing in assertions. */
class IngestHttpTest {
    static final String FP = "9f2c0d4e1a7b3c55";
    static final String SQL = "select * from pets where owner_id = ?";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    @TempDir
    Path tmp;
    private final List<Collector> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stopAll() throws IOException {
        for (Collector c : started) {
            c.close();
            Path findings = c.outDir().resolve(FindingsWriter.FILE_NAME);
            FindingsSchema.validate(findings); // every findings file written in tests
        }
    }

    private CollectorConfig.Builder config(String name) {
        return CollectorConfig.builder(tmp.resolve(name)).listen("127.0.0.1", 0)
                .traceQuietPeriod(Duration.ofHours(1)).orphanTraceTimeout(Duration.ofHours(1))
                .flushInterval(Duration.ZERO);
    }

    private Collector start(CollectorConfig cfg) throws IOException {
        Collector c = Collector.start(cfg);
        started.add(c);
        return c;
    }

    private HttpResponse<String> post(Collector c, String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.endpoint() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postProtobuf(Collector c, List<SpanSpec> specs) throws Exception {
        return post(c, "/v1/traces", PROTOBUF, Otlp.protobuf(specs).toByteArray());
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(MAPPER.readTree(l));
        }
        return out;
    }

    private static List<SpanSpec> nPlusOneRequest(int i) {
        return TraceBuilder.request("shop", EPOCH_NANOS + i * 100 * MS).sequential(10, SQL, FP, 2.0).work(3).specs();
    }

    /** The journal is bounded: a body that does not fit gets a retryable 503 until assembly lets segments go. */
    @Test
    void aFullJournalRefusesNewBodiesUntilItsTracesLeaveAssembly() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add(Otlp.protobuf(nPlusOneRequest(i)).toByteArray());
        }
        int record = bodies.get(0).length + 9; // length, CRC and format before each body
        Collector c = start(config("journal").maxJournalBytes(3L * record + record / 2).build());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(c, "/v1/traces", PROTOBUF, bodies.get(i)).statusCode());
        }
        HttpResponse<String> full = post(c, "/v1/traces", PROTOBUF, bodies.get(3));
        assertEquals(503, full.statusCode(), full.body());
        assertTrue(full.body().startsWith("collector journal full"), full.body());
        assertEquals("1", full.headers().firstValue("Retry-After").orElse(""), "retryable, with a pause");
        assertEquals(1, c.counters().get("requests.rejected.journal_full"));

        c.flush(); // the three traces are written: their segment is deleted, the room is back
        assertEquals(200, post(c, "/v1/traces", PROTOBUF, bodies.get(3)).statusCode());
        assertEquals(200, post(c, "/v1/traces", PROTOBUF, bodies.get(4)).statusCode());
        c.flush();
        assertEquals(5, lines(c.outDir().resolve(TraceLog.FILE_NAME)).size(), "the refused body, sent again, is not lost");
    }

    @Test
    void protobufAndJsonAssembleTheSameTrace() throws Exception {
        List<SpanSpec> specs = nPlusOneRequest(0);
        Collector viaProto = start(config("proto").build());
        Collector viaJson = start(config("json").build());

        HttpResponse<String> p = postProtobuf(viaProto, specs);
        HttpResponse<String> j = post(viaJson, "/v1/traces", JSON + "; charset=utf-8", Otlp.json(specs).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, p.statusCode(), p.body());
        assertEquals(200, j.statusCode(), j.body());
        assertEquals(PROTOBUF, p.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{}", j.body());

        viaProto.flush();
        viaJson.flush();
        List<JsonNode> fromProto = lines(viaProto.outDir().resolve(TraceLog.FILE_NAME));
        List<JsonNode> fromJson = lines(viaJson.outDir().resolve(TraceLog.FILE_NAME));
        assertEquals(1, fromProto.size());
        assertEquals(fromProto, fromJson);
        JsonNode t = fromProto.get(0);
        assertEquals(specs.get(0).traceId(), t.get("traceId").asText());
        assertEquals(11, t.get("spans").size());
        assertEquals("GET", t.at("/endpoint/method").asText());
        assertEquals("/owners/{id}", t.at("/endpoint/route").asText());
        assertEquals("shop", t.get("service").asText());
    }

    @Test
    void aTraceSplitAcrossThreeBatchesOutOfOrderIsAssembledIntoOne() throws Exception {
        Collector c = start(config("split").build());
        List<SpanSpec> specs = nPlusOneRequest(1); // 10 DB spans, root last
        List<SpanSpec> late = specs.subList(0, 4);
        List<SpanSpec> middleWithRoot = new ArrayList<>(specs.subList(7, 11));
        List<SpanSpec> early = specs.subList(4, 7);
        assertEquals(200, postProtobuf(c, middleWithRoot).statusCode());
        assertEquals(200, post(c, "/v1/traces", JSON, Otlp.json(early).getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(200, postProtobuf(c, late).statusCode());

        c.flush();
        List<JsonNode> traces = lines(c.outDir().resolve(TraceLog.FILE_NAME));
        assertEquals(1, traces.size());
        assertEquals(11, traces.get(0).get("spans").size());
        assertTrue(traces.get(0).get("rootSeen").asBoolean());
        assertEquals(1, c.counters().get("traces.completed"));
        assertEquals(11, c.counters().get("received.spans"));
    }

    @Test
    void badRequestsGetA4xxWithAReasonAndTheServerKeepsServing() throws Exception {
        Collector c = start(config("bad").maxBodyBytes(64 * 1024).maxDecodedBodyBytes(1024 * 1024).build());
        byte[] good = Otlp.protobuf(nPlusOneRequest(2)).toByteArray();
        byte[] zeros = new byte[8 * 1024 * 1024];
        record Bad(String name, String type, byte[] body, String[] headers, int status, String reason) {
        }
        List<Bad> bads = List.of(
                new Bad("malformed protobuf", PROTOBUF, new byte[] {0x0f, 0x01, 0x02}, new String[0], 400, "malformed protobuf"),
                new Bad("truncated protobuf", PROTOBUF, java.util.Arrays.copyOf(good, good.length / 2), new String[0], 400, "malformed protobuf"),
                new Bad("garbage JSON", JSON, "{\"resourceSpans\": [ {oops".getBytes(StandardCharsets.UTF_8), new String[0], 400, "malformed JSON"),
                new Bad("base64 ids in JSON", JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"AAECAwQFBgcICQoLDA0ODw==\",\"spanId\":\"AAECAwQFBgc=\"}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8), new String[0], 400, "hex"),
                new Bad("wrong content type", "text/plain", good, new String[0], 415, "unsupported Content-Type 'text/plain'"),
                new Bad("no content type", null, good, new String[0], 415, "unsupported Content-Type"),
                new Bad("oversized", PROTOBUF, new byte[100 * 1024], new String[0], 413, "exceeds the 65536-byte limit"),
                new Bad("gzip bomb", PROTOBUF, gzip(zeros), new String[] {"Content-Encoding", "gzip"}, 413, "gunzipped body exceeds"),
                new Bad("not gzip", PROTOBUF, good, new String[] {"Content-Encoding", "gzip"}, 400, "gzip"),
                new Bad("truncated gzip", PROTOBUF, java.util.Arrays.copyOf(gzip(good), 40), new String[] {"Content-Encoding", "gzip"}, 400, "truncated gzip"));

        long okBefore = c.counters().get("received.requests.traces");
        for (Bad bad : bads) {
            HttpResponse<String> r = post(c, "/v1/traces", bad.type(), bad.body(), bad.headers());
            assertEquals(bad.status(), r.statusCode(), bad.name() + ": " + r.body());
            assertTrue(r.body().contains(bad.reason()), bad.name() + ": reason was '" + r.body() + "'");
            assertEquals(1, r.body().strip().lines().count(), bad.name() + ": reason must be one line");
            if (bad.status() == 413) {
                assertEquals("close", r.headers().firstValue("Connection").orElse(""), "the unread rest cannot carry another request");
            }
            HttpResponse<String> ok = postProtobuf(c, nPlusOneRequest(3));
            assertEquals(200, ok.statusCode(), "a good request right after '" + bad.name() + "' must succeed");
        }
        assertEquals(okBefore + bads.size(), c.counters().get("received.requests.traces"));
        assertEquals(bads.size(), c.counters().sumPrefix("requests.rejected."));
        assertEquals(2, c.counters().get("requests.rejected.too_large"));
        assertEquals(2, c.counters().get("requests.rejected.unsupported_media_type"));

        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(c.endpoint() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrongMethod.statusCode());
        c.flush();
        JsonNode summary = MAPPER.readTree(c.outDir().resolve(SummaryWriter.FILE_NAME).toFile());
        assertEquals(2, summary.at("/counters/collector/requests.rejected.too_large").asLong());
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        Collector c = start(config("gzip").build());
        HttpResponse<String> r = post(c, "/v1/traces", PROTOBUF, gzip(Otlp.protobuf(nPlusOneRequest(4)).toByteArray()),
                "Content-Encoding", "gzip");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(11, c.counters().get("received.spans"));
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRejectedAsTruncated() throws Exception {
        Collector c = start(config("truncated").build());
        try (Socket s = new Socket("127.0.0.1", c.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x0a, 0x02, 0x0a, 0x00});
            out.flush();
            s.shutdownOutput();
            String response = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("truncated body"), response);
        }
        assertEquals(200, postProtobuf(c, nPlusOneRequest(5)).statusCode());
        assertEquals(1, c.counters().get("requests.rejected.truncated"));
    }

    @Test
    void statsPostsAreMergedIntoSummaryNumbers() throws Exception {
        Collector c = start(config("stats").build());
        // two intervals, each with every millisecond value 1..1000 once -> merged p50 = 500 ms, p99 = 990 ms
        Histogram h = new Histogram(3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(ms * 1000L);
        }
        Histogram q = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            q.recordValue(i < 95 ? 200 : 4000); // 0.2 ms, 5% at 4 ms
        }
        for (int interval = 0; interval < 2; interval++) {
            long start = 1_764_220_000_000L + interval * 5000L;
            String body = """
                    {"schema":1,"service":"shop","instance":"host-1","intervalStartMs":%d,"intervalEndMs":%d,
                     "routes":[{"method":"GET","route":"/customers/{id}/orders","count":1000,"errors":10,
                                "totalNanos":500500000000,"histogram":"%s"}],
                     "queries":[{"fingerprint":"%s","statement":"%s","system":"h2","count":100,"errors":0,
                                 "totalNanos":39000000,"histogram":"%s"}],
                     "counters":{"traces.completed":1000,"spans.dropped.queue_full":%d}}
                    """.formatted(start, start + 5000, HistogramCodec.encode(h), FP, SQL, HistogramCodec.encode(q), 3 + interval);
            HttpResponse<String> r = post(c, "/v1/hotpath/stats", JSON, body.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
        }
        HttpResponse<String> bad = post(c, "/v1/hotpath/stats", JSON,
                "{\"schema\":1,\"service\":\"shop\",\"intervalStartMs\":1,\"intervalEndMs\":2,\"routes\":[{\"method\":\"GET\",\"route\":\"/x\",\"histogram\":\"!!\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("routes[0].histogram"), bad.body());
        // a foreign SDK's endpoint with no agent stats comes from traces
        assertEquals(200, postProtobuf(c, TraceBuilder.request("shop", EPOCH_NANOS).endpoint("GET", "/vets").work(5).specs()).statusCode());

        c.flush();
        JsonNode summary = MAPPER.readTree(c.outDir().resolve(SummaryWriter.FILE_NAME).toFile());
        JsonNode orders = find(summary.get("endpoints"), "route", "/customers/{id}/orders");
        assertEquals("agent-stats", orders.get("source").asText());
        assertEquals("access", orders.get("path").asText());
        assertEquals(2000, orders.get("count").asLong());
        assertEquals(200.0, orders.get("rps").asDouble(), 1e-9); // 2000 requests over 10 s
        assertEquals(0.01, orders.get("errorRate").asDouble(), 1e-9);
        assertEquals(500.0, orders.get("p50Ms").asDouble(), 500.0 * 0.001); // 3 significant digits
        assertEquals(990.0, orders.get("p99Ms").asDouble(), 990.0 * 0.001);
        assertEquals(950.0, orders.get("p95Ms").asDouble(), 950.0 * 0.001);

        JsonNode vets = find(summary.get("endpoints"), "route", "/vets");
        assertEquals("traces", vets.get("source").asText());
        assertEquals(1, vets.get("count").asLong());

        JsonNode query = summary.get("topQueries").get(0);
        assertEquals(FP, query.get("fingerprint").asText());
        assertEquals(SQL, query.get("statement").asText());
        assertEquals(200, query.get("count").asLong());
        assertEquals(78.0, query.get("totalMs").asDouble(), 1e-9);
        assertEquals(0.39, query.get("meanMs").asDouble(), 1e-9);
        assertEquals(0.2, query.get("p95Ms").asDouble(), 0.2 * 0.001);
        assertEquals(4.0, query.get("p99Ms").asDouble(), 4.0 * 0.001);

        assertEquals(7, summary.at("/counters/agent/spans.dropped.queue_full").asLong());
        assertEquals(2000, summary.at("/counters/agent/traces.completed").asLong());
        assertEquals(1, summary.at("/counters/collector/requests.rejected.malformed").asLong());
        assertTrue(summary.at("/window/start").asText().startsWith("2025-"));
    }

    @Test
    void countersResentUnderTheSameSeqAreTakenInOnce() throws Exception {
        Collector c = start(config("seq").build());
        // seq 1 arrives, but the agent saw no answer: it sends seq 1 again with what it counted since
        assertEquals(200, postCounters(c, "host-1", ",\"seq\":1", 10, 1).statusCode());
        assertEquals(200, postCounters(c, "host-1", ",\"seq\":1", 14, 1).statusCode());
        assertEquals(200, postCounters(c, "host-1", ",\"seq\":1", 10, 1).statusCode()); // a late copy of the first
        assertEquals(200, postCounters(c, "host-1", ",\"seq\":2", 5, 0).statusCode());
        assertEquals(200, postCounters(c, "host-1", ",\"seq\":1", 14, 1).statusCode()); // older than the last seq
        assertEquals(200, postCounters(c, "host-2", ",\"seq\":1", 3, 0).statusCode()); // another instance, its own numbers
        assertEquals(200, postCounters(c, "host-3", "", 2, 0).statusCode()); // no seq: taken as it is
        assertEquals(200, postCounters(c, "host-3", "", 2, 0).statusCode());
        HttpResponse<String> bad = postCounters(c, "host-1", ",\"seq\":\"one\"", 1, 0);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("seq must be a positive integer"), bad.body());

        assertEquals(14 + 5 + 3 + 2 + 2, c.counters().getAgent("spans.exported"));
        assertEquals(1, c.counters().getAgent("stats.dropped"));
        assertEquals(2, c.counters().get("stats.counters.resent"));
        assertEquals(1, c.counters().get("stats.counters.stale"));
    }

    private HttpResponse<String> postCounters(Collector c, String instance, String seq, long exported, long statsDropped)
            throws Exception {
        String body = """
                {"schema":1,"service":"shop","instance":"%s"%s,"intervalStartMs":1764220000000,"intervalEndMs":1764220005000,
                 "routes":[],"queries":[],"counters":{"spans.exported":%d,"stats.dropped":%d}}
                """.formatted(instance, seq, exported, statsDropped);
        return post(c, "/v1/hotpath/stats", JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nPlusOneEndToEndOverHttp() throws Exception {
        Collector c = start(config("e2e").build());
        Set<String> affected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<SpanSpec> specs = nPlusOneRequest(10 + i);
            affected.add(specs.get(0).traceId());
            assertEquals(200, postProtobuf(c, specs).statusCode());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(200, postProtobuf(c, TraceBuilder.request("shop", EPOCH_NANOS + (40 + i) * 100 * MS)
                    .sequential(1, SQL, FP, 2.0).work(3).specs()).statusCode());
        }
        // the agent saw 100 requests in total (most were not kept as traces)
        String stats = """
                {"schema":1,"service":"shop","instance":"host-1","intervalStartMs":1764220000000,"intervalEndMs":1764220005000,
                 "routes":[{"method":"GET","route":"/owners/{id}","count":100,"errors":0,"totalNanos":1500000000}],
                 "queries":[],"counters":{}}
                """;
        assertEquals(200, post(c, "/v1/hotpath/stats", JSON, stats.getBytes(StandardCharsets.UTF_8)).statusCode());

        var findings = c.flush();
        assertEquals(1, findings.size());
        List<JsonNode> lines = FindingsSchema.validate(c.outDir().resolve(FindingsWriter.FILE_NAME));
        assertEquals(1, lines.size());
        JsonNode f = lines.get(0);
        assertEquals("n_plus_one", f.get("kind").asText());
        assertEquals(20, f.at("/impact/requestsAffected").asLong());
        assertEquals(100, f.at("/impact/endpointRequests").asLong());
        assertEquals("agent-stats", f.at("/impact/endpointRequestsSource").asText());
        assertEquals(0.2, f.at("/impact/shareOfRequests").asDouble(), 1e-9);

        Set<String> written = new HashSet<>();
        for (JsonNode t : lines(c.outDir().resolve(TraceLog.FILE_NAME))) {
            written.add(t.get("traceId").asText());
        }
        assertEquals(30, written.size());
        assertFalse(f.get("exemplarTraceIds").isEmpty());
        for (JsonNode id : f.get("exemplarTraceIds")) {
            assertTrue(written.contains(id.asText()), "exemplar " + id + " must resolve in traces.jsonl");
            assertTrue(affected.contains(id.asText()));
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(c.endpoint() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("ok", MAPPER.readTree(health.body()).get("status").asText());
        assertEquals(1, MAPPER.readTree(health.body()).at("/files/findings").asInt());
    }

    @Test
    void nonLoopbackNeedsATokenAndRequestsThenNeedIt() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collector.start(config("open").listen("0.0.0.0", 0).build()));
        assertTrue(e.getMessage().contains("--token"), e.getMessage());

        Collector c = start(config("token").listen("0.0.0.0", 0).token("s3cret").build());
        byte[] body = Otlp.protobuf(nPlusOneRequest(6)).toByteArray();
        HttpResponse<String> anonymous = post(c, "/v1/traces", PROTOBUF, body);
        assertEquals(401, anonymous.statusCode());
        assertEquals(401, post(c, "/v1/traces", PROTOBUF, body, "Authorization", "Bearer wrong").statusCode());
        assertEquals(200, post(c, "/v1/traces", PROTOBUF, body, "Authorization", "Bearer s3cret").statusCode());
        assertEquals(2, c.counters().get("requests.rejected.unauthorized"));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
