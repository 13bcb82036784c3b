package dev.hotpath.agent.jfr;

import com.sun.net.httpserver.HttpServer;
import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.TraceExporter;
import dev.hotpath.agent.pools.ConnectionPools;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.pools.ThreadPools;
import dev.hotpath.agent.trace.RequestRecorder;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real JDK recorder in this JVM, a real HTTP endpoint on loopback standing in for the collector. */
class ContinuousRecordingTest {
    record Upload(String path, Map<String, String> query, String auth, byte[] body) {
    }

    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 200;
    private ContinuousRecording recording;

    @TempDir
    Path dir;

    @BeforeEach
    void startCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestURI().getPath().equals("/v1/hotpath/jfr")) {
                uploads.add(new Upload(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()),
                        ex.getRequestHeaders().getFirst("Authorization"), body));
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (recording != null) {
            recording.shutdown(2000);
        }
        server.stop(0);
    }

    private AgentConfig config(String extra) {
        String args = "collector=http://127.0.0.1:" + server.getAddress().getPort() + ",collector.token=s3cret,service.name=shop,"
                + "service.instance.id=i-1,jfr.period=1s,jfr.dir=" + dir + (extra.isEmpty() ? "" : "," + extra);
        return new ConfigResolver(args, k -> null, k -> null).resolve();
    }

    @Test
    void uploadsEachChunkWithTheRequestEventsAndNothingOutsideTheAllowList() throws Exception {
        AgentConfig config = config("");
        AgentCounters counters = new AgentCounters();
        recording = new ContinuousRecording(config, counters);
        PoolSampler pools = new PoolSampler(config.poolSampleMillis(), counters);
        RequestRecorder recorder = new RequestRecorder(config, new Aggregates(10, 10, counters),
                new TraceExporter(config, new Aggregates(10, 10, counters), counters, "test", pools), counters, new ConnectionPools(pools),
                new ThreadPools(pools));
        recorder.requestEvents(new JfrRequestEvents(recording));

        serve(recorder, "/warm-up"); // the first request starts the recording thread
        awaitRecording();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(serve(recorder, "/items/" + i));
        }
        Upload chunk = awaitUploadWith(ids);

        assertEquals("shop", chunk.query().get("service"));
        assertEquals("i-1", chunk.query().get("instance"));
        assertEquals("continuous", chunk.query().get("kind"));
        assertTrue(Long.parseLong(chunk.query().get("start")) <= Long.parseLong(chunk.query().get("end")), chunk.query().toString());
        assertEquals("Bearer s3cret", chunk.auth());
        for (Upload u : uploads) {
            for (RecordedEvent e : events(u.body())) {
                assertTrue(JfrSettings.ALLOWED.contains(e.getEventType().getName()), "not on the allow list: " + e.getEventType().getName());
            }
        }
        RecordedEvent request = requestEvents(chunk.body()).stream()
                .filter(e -> "/items/{id}".equals(e.getString("route"))).findFirst().orElseThrow();
        assertEquals("GET", request.getString("method"));
        assertEquals(Thread.currentThread().getId(), request.getThread().getJavaThreadId());
        assertTrue(request.getLong("durationNanos") > 0);
        assertTrue(counters.get(AgentCounters.JFR_CHUNKS_UPLOADED) >= 1);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".jfr")), "uploaded chunks are deleted");
        }
    }

    @Test
    void uploadsOutboxFilesOfKnownKindsOnlyThenDeletesThem() throws Exception {
        recording = new ContinuousRecording(config(""), new AgentCounters());
        recording.ensureStarted();
        awaitRecording();
        Path outbox = dir.resolve("outbox");
        Files.write(outbox.resolve("deep-wall-0001.jfr.tmp"), new byte[] {1, 2, 3});
        Files.move(outbox.resolve("deep-wall-0001.jfr.tmp"), outbox.resolve("deep-wall-0001.jfr"));
        Files.write(outbox.resolve("notes.jfr"), new byte[] {9});
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (uploads.stream().noneMatch(u -> "deep-wall".equals(u.query().get("kind"))) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Upload deep = uploads.stream().filter(u -> "deep-wall".equals(u.query().get("kind"))).findFirst().orElseThrow();
        assertEquals(3, deep.body().length);
        assertFalse(deep.query().containsKey("start"));
        // deleted once the upload returned (the fake collector saw it a moment before the agent's answer arrived)
        while (Files.exists(outbox.resolve("deep-wall-0001.jfr")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(outbox.resolve("deep-wall-0001.jfr")));
        assertTrue(Files.exists(outbox.resolve("notes.jfr")), "unknown names are not ours to upload");
    }

    @Test
    void aRefusedUploadDropsTheChunkAndCountsIt() throws Exception {
        status = 503;
        AgentCounters counters = new AgentCounters();
        recording = new ContinuousRecording(config(""), counters);
        recording.ensureStarted();
        awaitRecording();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED));
        assertEquals(0, counters.get(AgentCounters.JFR_CHUNKS_UPLOADED));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("continuous-") && !f.toString().endsWith(".tmp")
                    && uploads.stream().anyMatch(u -> f.getFileName().toString().contains(u.query().get("start")))),
                    "the refused chunk is gone from disk");
        }
    }

    @Test
    void theRepositoryKeepsWithinItsBoundByDeletingTheOldestAndCounting() throws Exception {
        AgentCounters counters = new AgentCounters();
        ChunkRepository repo = new ChunkRepository(dir, 2500, counters);
        repo.create();
        for (int i = 0; i < 4; i++) {
            Path f = dir.resolve("continuous-" + i + "-" + (i + 1) + ".jfr");
            Files.write(f, new byte[1000]);
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000L + i * 1000));
        }
        repo.enforceBound();
        List<String> left = new ArrayList<>();
        repo.pending().forEach(c -> left.add(c.file().getFileName().toString()));
        assertEquals(List.of("continuous-2-3.jfr", "continuous-3-4.jfr"), left);
        assertEquals(2, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_DISK_LIMIT));
    }

    @Test
    void jfrOffInstallsNothing() {
        assertEquals(RequestEvents.NONE, JfrEvidence.install(config("jfr=off"), new AgentCounters()));
    }

    private static String serve(RequestRecorder recorder, String path) throws InterruptedException {
        Object token = recorder.serverEnter("GET", path, null, null);
        Thread.sleep(2);
        recorder.serverExit(token, 200, null, null);
        return ((dev.hotpath.agent.trace.LocalTrace) token).traceIdHex();
    }

    private static void awaitRecording() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                if ("hotpath-continuous".equals(r.getName()) && r.getState() == jdk.jfr.RecordingState.RUNNING) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("recording did not start");
    }

    private Upload awaitUploadWith(Set<String> traceIds) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Set<String> seen = new HashSet<>();
        while (System.nanoTime() < deadline) {
            for (Upload u : uploads) {
                for (RecordedEvent e : requestEvents(u.body())) {
                    String id = String.format("%016x%016x", e.getLong("traceIdHigh"), e.getLong("traceIdLow"));
                    seen.add(id);
                    if (traceIds.contains(id)) {
                        return u;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no chunk with the requests' trace ids; saw " + seen);
    }

    private static List<RecordedEvent> requestEvents(byte[] jfr) throws IOException {
        return events(jfr).stream().filter(e -> e.getEventType().getName().equals(RequestSpanEvent.NAME)).toList();
    }

    private static List<RecordedEvent> events(byte[] jfr) throws IOException {
        Path f = Files.createTempFile("chunk", ".jfr");
        try {
            Files.write(f, jfr);
            return RecordingFile.readAllEvents(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                out.put(java.net.URLDecoder.decode(kv.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
