package dev.hotpath.analyzer.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotpath analyze --jfr}: a plain JFR recording (what {@code jcmd JFR.dump} writes: execution samples and GC,
 * no request events) of a program with a known hot method and a forced collection. The run directory gives the
 * JVM-wide figures (GC pauses, the hot method on top) and no finding; the report says why nothing is per endpoint.
 */
class AnalyzeJfrTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static volatile long sink;

    @TempDir
    Path dir;

    static final class Checksum {
        static long crunch(long untilNanos) {
            long x = 7;
            while (System.nanoTime() < untilNanos) {
                for (int i = 0; i < 5_000; i++) {
                    x = x * 2862933555777941757L + 3037000493L;
                }
            }
            return x;
        }
    }

    private Path record() throws Exception {
        Path file = dir.resolve("dump.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.GCPhasePause").withThreshold(Duration.ZERO);
            r.enable("jdk.GarbageCollection").withThreshold(Duration.ZERO);
            r.start();
            Thread t = new Thread(() -> sink += Checksum.crunch(System.nanoTime() + 1_500_000_000L), "worker");
            t.start();
            t.join();
            System.gc();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    @Test
    void aPlainRecordingGivesJvmWideGcAndHotMethodsButNoEndpointClaims() throws Exception {
        Path jfr = record();
        Path bad = Files.writeString(dir.resolve("notes.jfr"), "not a recording");
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = AnalyzeCommand.run(List.of(), List.of(jfr, bad), "billing", out, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertEquals(1, exit, "the unreadable file is skipped and makes the exit code 1");
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("skipping " + bad), stderr.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), Files.readAllLines(out.resolve("findings.jsonl")), "no request events: no per-endpoint finding");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile()).path("jfr");
        assertEquals(0, summary.path("requests").asInt());
        JsonNode jvm = summary.path("jvm");
        assertTrue(jvm.path("gcPauses").asInt() >= 1, "the forced collection: " + jvm);
        assertTrue(jvm.path("executionSamples").asInt() >= 10, jvm.toString());
        assertEquals(Checksum.class.getName() + ".crunch", jvm.path("topFrames").get(0).path("frame").asText(), jvm.toString());
        assertTrue(jvm.path("topFrames").get(0).path("share").asDouble() >= 0.5, jvm.toString());
        assertTrue(Files.exists(out.resolve("jfr")), "the recording is kept in the run directory");

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("### JVM-wide JFR (no request events: not tied to endpoints)"), md);
        assertTrue(md.contains("`" + Checksum.class.getName() + ".crunch`"), "the hot method in the report");
        assertTrue(md.contains("holds no request events"), "the gap says what is missing");
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("2 file(s), 0 spans, 2 JFR file(s), 1 skipped; 0 finding(s)"),
                stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAnyInputItSaysWhatToGive() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, AnalyzeCommand.run(List.of(), List.of(), "s", dir.resolve("x"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--otlp FILE... and/or --jfr FILE..."));
    }
}
