package dev.hotpath.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets (issue 7, item 12): canaries planted in SQL literals (string, number, date, hex, dollar-quoted, an
 * unterminated string) and a bind value, in the inbound query string, in outbound URLs' user-info and signed query
 * parameters, in the app's environment, system properties and command line. With the agent recording everything
 * (every trace kept, JFR rotating every 2 s so chunks upload), no canary appears in any file the collector wrote
 * (traces, findings, summary, the raw JFR chunks read event by event, flame graphs), in the agent's JFR directory,
 * or in what the app and agent printed. Statement fingerprints stay the same when the literals change.
 */
class SecretsIT {
    @TempDir
    Path tmp;

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    /** One set of secret values for {@code SecretsApp}'s /lookup. */
    private record Canaries(Map<String, String> values) {
        static Canaries random() {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String id = Long.toString(r.nextLong(1L << 40, 1L << 41), 36);
            return new Canaries(Map.of(
                    "s", "CnryStr" + id,
                    "n", "7" + (100_000_000_000_000L + r.nextLong(800_000_000_000_000L)),
                    "d", String.format(Locale.ROOT, "2%03d-%02d-%02d", r.nextInt(100, 999), r.nextInt(1, 13), r.nextInt(1, 29)),
                    "h", String.format(Locale.ROOT, "C0FFEE%010X", r.nextLong(1L << 40)),
                    "q", "CnryDollar" + id,
                    "u", "CnryUrl" + id,
                    "b", "CnryBind" + id));
        }

        String query() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return sb.toString();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void noCanaryLeavesTheApp(Path java) throws Exception {
        Canaries first = Canaries.random();
        Canaries second = Canaries.random();
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        String envSecret = "CnryEnv" + run;
        String argSecret = "CnryArg" + run;
        String propSecret = "CnryProp" + run;
        List<String> canaries = new ArrayList<>(List.of(envSecret, argSecret, propSecret));
        canaries.addAll(first.values().values());
        canaries.addAll(second.values().values());

        Path out = tmp.resolve("run");
        Path jfrDir = tmp.resolve("agent-jfr");
        String output;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
            try (ForkedJvm app = ForkedJvm.start(java, Builds.agentJar(), "collector=" + collector.endpoint()
                            + ",service.name=secrets,sample.rate=1,stats.interval.ms=500,jfr.period=2s,jfr.dir=" + jfrDir,
                    List.of("-Dapp.secret=" + propSecret), ForkedJvm.testClassPath(), Map.of("APP_DB_PASSWORD", envSecret),
                    "dev.hotpath.examples.e2e.apps.SecretsApp", "--api-key=" + argSecret)) {
                ShopClient client = new ShopClient(app.awaitPort(90));
                for (Canaries c : List.of(first, second, first, second)) {
                    var response = client.get("/lookup?" + c.query());
                    assertEquals(200, response.statusCode(), response.body() + "\n" + app.output());
                }
                Delivery.awaitSpans(collector, 4 * 10, 30);
                // the chunk recording during the requests finishes within jfr.period; wait a little for it (not required)
                long chunksAfterRequests = collector.counters().get("jfr.chunks.received") + 2;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (collector.counters().get("jfr.chunks.received") < chunksAfterRequests && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                app.stop(30);
                output = app.output();
            }
            assertTrue(collector.counters().get("jfr.chunks.received") >= 1, "a JFR chunk was uploaded");
        }

        // the data is there (so the grep below means something), with stable fingerprints
        List<JsonNode> traces = TraceQueries.traceLines(out).stream()
                .filter(t -> "/lookup".equals(t.at("/endpoint/route").asText())).toList();
        assertEquals(4, traces.size(), "every request kept");
        Set<String> expectedFingerprints = null;
        for (JsonNode trace : traces) {
            Set<String> fingerprints = new TreeSet<>();
            int clientCalls = 0;
            int statements = 0;
            for (JsonNode span : trace.get("spans")) {
                String fp = span.at("/attributes/hotpath.db.fingerprint").asText("");
                if (!fp.isEmpty()) {
                    fingerprints.add(fp);
                    statements++;
                }
                clientCalls += "http.client".equals(span.at("/attributes/hotpath.span.type").asText()) ? 1 : 0;
            }
            // 7 statements, 4 shapes: owner = ? (string, dollar-quoted, the unterminated one, the bind), id = ? or id = -?,
            // opened = DATE ?, secret = X?
            assertEquals(7, statements, "every statement was recorded: " + trace);
            assertEquals(4, fingerprints.size(), "literals of every kind fold into their statement's shape: " + trace);
            assertEquals(2, clientCalls, "both outbound calls were recorded: " + trace);
            if (expectedFingerprints == null) {
                expectedFingerprints = fingerprints;
            }
            assertEquals(expectedFingerprints, fingerprints, "same statements, other literals: same fingerprints");
        }

        List<String> hits = new ArrayList<>();
        int chunksRead = 0; // the search sees inside the chunks: their events were read
        StringBuilder chunkInfo = new StringBuilder();
        for (Path dir : List.of(out, jfrDir)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    if (f.toString().endsWith(".jfr")) {
                        String events = jfrEventsAsText(f); // strings JFR stores in other encodings, field by field
                        chunksRead += events.contains("jdk.ExecutionSample {") || events.contains("jdk.ThreadPark {") ? 1 : 0;
                        chunkInfo.append(f).append(": ").append(Files.size(f)).append(" bytes, ")
                                .append(events.lines().filter(l -> l.endsWith("{")).distinct().toList()).append('\n');
                        text += events;
                    }
                    addHits(hits, f.toString(), text, canaries);
                }
            }
        }
        addHits(hits, "app and agent output", output, canaries);
        System.out.println("SecretsIT " + java + ": " + canaries.size() + " canaries, " + traces.size()
                + " traces, files under " + out + " and " + jfrDir + " and the app's output searched: " + hits.size() + " hits");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jfrDir)),
                "the agent's JFR directory is its owner's only");
        assertTrue(chunksRead >= 1, "no stored chunk could be read event by event: the search would see nothing\n" + chunkInfo);
        assertEquals(List.of(), hits, "canaries leaked");
    }

    private static void addHits(List<String> hits, String where, String text, List<String> canaries) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String canary : canaries) {
            if (lower.contains(canary.toLowerCase(Locale.ROOT))) {
                int at = lower.indexOf(canary.toLowerCase(Locale.ROOT));
                hits.add(canary + " in " + where + ": ..." + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 60))
                        .replaceAll("[^\\x20-\\x7e]", ".") + "...");
            }
        }
    }

    private static String jfrEventsAsText(Path file) {
        StringBuilder sb = new StringBuilder();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                sb.append(e).append('\n');
            }
        } catch (Exception e) {
            sb.append("(unreadable: ").append(e).append(")");
        }
        return sb.toString();
    }
}
