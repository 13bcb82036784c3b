package dev.hotpath.collector;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.findings.TraceLog;
import dev.hotpath.collector.ingest.IngestJournal;
import dev.hotpath.collector.testing.Otlp;
import dev.hotpath.collector.testing.SpanSpec;
import dev.hotpath.collector.testing.TraceBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a collector process during steady ingest (issue 7, item 11), then a new process on the same port and
 * run directory: every file in it parses (one JSON object a line), and every span the killed collector answered
 * 200 for is in traces.jsonl once the new one has stopped. Each trace is posted in two requests (its children,
 * later its root) so traces are always half-assembled in memory when the kill comes: without the ingest journal
 * their acknowledged spans would be lost.
 */
class CollectorCrashTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SQL = "select * from items where order_id = ?";

    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killedDuringIngestRestartsWithWholeFilesAndEveryAcknowledgedSpan() throws Exception {
        Path out = tmp.resolve("run");
        ForkedCollector first = ForkedCollector.start(out, 0);
        int port = first.port;
        Map<String, Set<String>> acked = new ConcurrentHashMap<>();
        AtomicBoolean ingesting = new AtomicBoolean(true);
        AtomicInteger ackedRequests = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread t = new Thread(() -> ingest(port, client, ingesting, acked, ackedRequests), "ingest-" + c);
            t.start();
            clients.add(t);
        }
        // steady ingest for a while: traces are written (sweeps every 250 ms) and others are half-assembled
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ackedRequests.get() < 600 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        ingesting.set(false);
        for (Thread t : clients) {
            t.join(30_000);
        }
        assertTrue(ackedRequests.get() >= 600, "ingest ran: " + ackedRequests.get() + " requests acknowledged");

        ForkedCollector second = ForkedCollector.start(out, port);
        second.process.destroy(); // SIGTERM: final flush
        assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, second.process.exitValue(), second.output());

        // every file parses
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertTrue(!name.endsWith(".tmp"), "a temp file survived the restart: " + f);
                if (name.endsWith(".jsonl")) {
                    for (String line : Files.readAllLines(f)) {
                        JSON.readTree(line); // throws on a torn line
                    }
                } else if (name.endsWith(".json")) {
                    JSON.readTree(f.toFile());
                }
            }
        }
        assertTrue(!Files.exists(out.resolve(IngestJournal.DIR_NAME)), "a clean stop leaves no journal");
        // nothing acknowledged is lost
        Map<String, Set<String>> onDisk = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve(TraceLog.FILE_NAME))) {
            JsonNode trace = JSON.readTree(line);
            Set<String> ids = onDisk.computeIfAbsent(trace.get("traceId").asText(), k -> new HashSet<>());
            trace.get("spans").forEach(s -> ids.add(s.get("spanId").asText()));
        }
        long ackedSpans = 0;
        for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
            Set<String> disk = onDisk.getOrDefault(e.getKey(), Set.of());
            for (String spanId : e.getValue()) {
                assertTrue(disk.contains(spanId), "acknowledged span " + spanId + " of trace " + e.getKey() + " lost");
                ackedSpans++;
            }
        }
        JsonNode counters = JSON.readTree(out.resolve("summary.json").toFile()).at("/counters/collector");
        long replayed = counters.path("journal.replay.spans").asLong();
        System.out.printf("CollectorCrashTest: %d spans acknowledged before the kill, all on disk after the restart; "
                        + "%d replayed from the journal, %d torn journal records ignored, %d bytes of a torn traces.jsonl line cut%n",
                ackedSpans, replayed, counters.path("journal.torn_records").asLong(),
                counters.path("traces.log.torn_bytes_repaired").asLong());
        assertTrue(replayed > 0, "the kill left half-assembled traces, which only the journal brings back");
    }

    /** Posts traces in two requests each (children, then the root two requests later); remembers what got 200. */
    private void ingest(int port, int client, AtomicBoolean running, Map<String, Set<String>> acked, AtomicInteger ackedRequests) {
        List<List<SpanSpec>> roots = new ArrayList<>();
        for (int i = 0; running.get(); i++) {
            List<SpanSpec> specs = TraceBuilder.request("shop", EPOCH_NANOS + (client * 1_000_000L + i) * 10 * MS)
                    .endpoint("GET", "/orders/{id}").sequential(6, SQL, "00000000000000aa", 1).specs();
            List<SpanSpec> children = specs.subList(0, specs.size() - 1);
            roots.add(specs.subList(specs.size() - 1, specs.size()));
            if (!post(port, children, acked, ackedRequests)) {
                return;
            }
            if (roots.size() > 2 && !post(port, roots.remove(0), acked, ackedRequests)) {
                return;
            }
        }
    }

    private boolean post(int port, List<SpanSpec> specs, Map<String, Set<String>> acked, AtomicInteger ackedRequests) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Otlp.protobuf(specs).toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                for (SpanSpec s : specs) {
                    acked.computeIfAbsent(s.traceId(), k -> ConcurrentHashMap.newKeySet()).add(s.spanId());
                }
                ackedRequests.incrementAndGet();
            }
            return true;
        } catch (IOException | InterruptedException e) {
            return false; // the collector is gone: not acknowledged
        }
    }

    /** The collector's own main class in a fresh JVM on the test class path. */
    private static final class ForkedCollector {
        final Process process;
        final StringBuffer output = new StringBuffer();
        int port;

        private ForkedCollector(Process process) {
            this.process = process;
        }

        static ForkedCollector start(Path out, int port) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.hotpath.collector.CollectorMain", "--out", out.toString(), "--listen", "127.0.0.1:" + port)
                    .redirectErrorStream(true).start();
            ForkedCollector c = new ForkedCollector(p);
            CountDownLatch ready = new CountDownLatch(1);
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        c.output.append(line).append('\n');
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            c.port = Integer.parseInt(m.group(1));
                            ready.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            pump.setDaemon(true);
            pump.start();
            if (!ready.await(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("collector did not start: " + c.output);
            }
            return c;
        }

        String output() {
            return output.toString();
        }
    }
}
