package dev.hotpath.agent.jfr;

import com.sun.net.httpserver.HttpServer;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.export.AgentCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JFR uploader does with each answer of a loopback collector: a 413 drops the chunk at once
 * (counted as too large, never sent again) and the next chunk still goes; 429/503 keep the chunk for a
 * retry after a backoff, bounded at three attempts; outbox files stand in for chunks (the continuous
 * recording rotates once an hour here, so only they are uploaded).
 */
class ChunkUploadAnswersTest {
    /** Answers per upload kind, in turn; 200 once a kind's list is used up. */
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AgentCounters counters = new AgentCounters();
    private HttpServer server;
    private ContinuousRecording recording;

    @TempDir
    Path dir;

    @BeforeEach
    void startCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String query = ex.getRequestURI().getQuery();
            String kind = query.replaceAll(".*kind=([a-z-]+).*", "$1");
            received.add(kind);
            Deque<Integer> q = answers.get(kind);
            Integer status;
            synchronized (this) {
                status = q == null || q.isEmpty() ? 200 : q.poll();
            }
            if (status == 503 || status == 429) {
                ex.getResponseHeaders().add("Retry-After", "0");
            }
            byte[] body = status == 200 ? "{}".getBytes() : ("status " + status).getBytes();
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        recording = new ContinuousRecording(new ConfigResolver("collector=http://127.0.0.1:" + server.getAddress().getPort()
                + ",service.name=shop,jfr.period=60m,jfr.dir=" + dir, k -> null, k -> null).resolve(), counters);
    }

    @AfterEach
    void stop() {
        recording.shutdown(2000);
        server.stop(0);
    }

    @Test
    void a413DropsTheChunkOnceAndTheNextStillGoes() throws Exception {
        answers.put("deep-wall", new ArrayDeque<>(List.of(413, 413, 413)));
        drop("deep-wall-1.jfr", 1_000_000L);
        drop("deep-lock-1.jfr", 2_000_000L);
        recording.ensureStarted();
        await(() -> counters.get(AgentCounters.JFR_CHUNKS_UPLOADED) == 1 && counters.get(AgentCounters.JFR_CHUNKS_DROPPED_TOO_LARGE) == 1);
        Thread.sleep(2500); // two more upload rounds: a 413 is never tried again
        assertEquals(List.of("deep-wall", "deep-lock"), received);
        assertEquals(1, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_TOO_LARGE));
        assertEquals(0, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED));
        assertEquals(0, counters.get(AgentCounters.JFR_UPLOAD_RETRIES));
        assertFalse(Files.exists(dir.resolve("outbox/deep-wall-1.jfr")), "the refused chunk is deleted");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void aBusyCollectorGetsTheSameChunkAgainLater(int status) throws Exception {
        answers.put("deep-wall", new ArrayDeque<>(List.of(status)));
        drop("deep-wall-1.jfr", 1_000_000L);
        recording.ensureStarted();
        await(() -> counters.get(AgentCounters.JFR_CHUNKS_UPLOADED) == 1);
        assertEquals(List.of("deep-wall", "deep-wall"), received, "refused once, then taken");
        assertEquals(1, counters.get(AgentCounters.JFR_UPLOAD_RETRIES));
        assertEquals(0, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED));
        assertEquals(0, counters.get(AgentCounters.JFR_CHUNKS_DROPPED_TOO_LARGE));
    }

    @Test
    void retriesAreBoundedThenTheChunkIsDroppedAndCounted() throws Exception {
        answers.put("deep-wall", new ArrayDeque<>(List.of(503, 503, 503, 503, 503, 503)));
        drop("deep-wall-1.jfr", 1_000_000L);
        recording.ensureStarted();
        await(() -> counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED) == 1);
        Thread.sleep(2500);
        assertEquals(ContinuousRecording.MAX_ATTEMPTS, received.size(), "three attempts, then no more: " + received);
        assertEquals(ContinuousRecording.MAX_ATTEMPTS - 1, counters.get(AgentCounters.JFR_UPLOAD_RETRIES));
        assertEquals(0, counters.get(AgentCounters.JFR_CHUNKS_UPLOADED));
        assertFalse(Files.exists(dir.resolve("outbox/deep-wall-1.jfr")));
    }

    @Test
    void anotherRefusalDropsAtOnce() throws Exception {
        answers.put("deep-wall", new ArrayDeque<>(List.of(400)));
        drop("deep-wall-1.jfr", 1_000_000L);
        recording.ensureStarted();
        await(() -> counters.get(AgentCounters.JFR_CHUNKS_DROPPED_UPLOAD_FAILED) == 1);
        Thread.sleep(2500);
        assertEquals(List.of("deep-wall"), received);
        assertEquals(0, counters.get(AgentCounters.JFR_UPLOAD_RETRIES));
    }

    private void drop(String name, long modified) throws IOException {
        Path outbox = dir.resolve("outbox");
        Files.createDirectories(outbox);
        Path f = outbox.resolve(name);
        Files.write(f, new byte[] {'F', 'L', 'R', 0, 1, 2});
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(modified));
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out; collector saw " + received);
            Thread.sleep(50);
        }
    }
}
