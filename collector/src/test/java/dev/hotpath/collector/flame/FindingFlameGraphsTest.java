package dev.hotpath.collector.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.findings.ConfidenceLevel;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.Severity;
import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.jfr.JfrChunkStore;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.ParsedChunk;
import dev.hotpath.collector.stats.CollectorCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which findings get a flame graph, and when it is drawn: on a real recording of a hot thread, with request windows on
 * that thread for two endpoints. A graph is drawn once per set of stored chunks, an endpoint whose finding appears
 * later is drawn then, an endpoint JFR never saw gets no link, and a new chunk redraws.
 */
class FindingFlameGraphsTest {
    static volatile long sink;

    @TempDir
    static Path recorded;
    static byte[] jfr;
    static long threadId;
    static long start;
    static long end;

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Until this thread has run {@code cpuNanos} on a CPU (a fixed wall time gives few samples on a busy machine), at most 30 s. */
    static void spin(long cpuNanos) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 30_000_000_000L;
        long x = 1;
        while (mx.getCurrentThreadCpuTime() < cpuNanos && System.nanoTime() < deadline) {
            for (int i = 0; i < 500_000; i++) { // about 0.5 ms between CPU-time reads (a read is a system call, not a Java frame)
                x = x * 31 + i;
            }
            sink += x;
        }
    }

    @BeforeAll
    static void record() throws Exception {
        Path file = recorded.resolve("spin.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            Thread t = new Thread(() -> spin(800_000_000L), "request");
            start = epochNanos();
            t.start();
            t.join();
            end = epochNanos();
            threadId = t.getId();
            r.stop();
            r.dump(file);
        }
        jfr = Files.readAllBytes(file);
    }

    private static Finding finding(String id, String route) {
        Finding.Percentiles p = new Finding.Percentiles(10, 20, 30);
        Finding.FixStep step = new Finding.FixStep("a", "r", "b");
        return new Finding(1, id, "cpu_hotspot", "t", "s", Severity.ofScore(50), 50,
                new Finding.Confidence(ConfidenceLevel.LOW, "r", null), "svc", new Finding.EndpointRef("GET", route, "access"),
                new Finding.Window("2025-11-27T05:06:40Z", "2025-11-27T05:07:40Z"),
                new Finding.Impact(1, 2, "jfr", 0.5, 0.5, 1, 1, new Finding.LatencyComparison(p, null)), null,
                List.of("0000000000000000000000000000abcd"), List.of(), "h", List.of("v"), new Finding.Fix(step, step, step),
                new Finding.Verification("m", "c", "t", "h"), null);
    }

    private static dev.hotpath.collector.jfr.RequestWindow request(String route, int n) {
        return new dev.hotpath.collector.jfr.RequestWindow("svc", "i-1", threadId, start, end, String.format("%032x", n),
                String.format("%016x", n), "GET", route, true);
    }

    @Test
    void drawsOncePerChunkSetLateFindingsTooAndNothingForEndpointsJfrNeverSaw(@TempDir Path run) throws Exception {
        CollectorCounters counters = new CollectorCounters();
        JfrChunkStore store = new JfrChunkStore(run.resolve("jfr"), 1L << 30, counters);
        store.store(jfr, new ChunkMeta("svc", "i-1", "continuous", null, null), start, end);
        JfrEvidence evidence = new JfrEvidence(100, 100, counters);
        evidence.add(new ParsedChunk(List.of(request("/a", 1), request("/b", 2)), List.of(), List.of(), 0, 0));
        FindingFlameGraphs flames = new FindingFlameGraphs(run, FindingFlameGraphs.Settings.defaults(), counters);

        List<Finding> first = flames.attach(List.of(finding("000000000000000a", "/a")), evidence, store);
        assertEquals("flame/get-a.html", first.get(0).flameGraph());
        assertTrue(Files.readString(run.resolve("flame/get-a.html")).contains("spin"), "the page shows the hot method");
        assertEquals(1, counters.get("flame.written"));

        List<Finding> later = flames.attach(List.of(finding("000000000000000a", "/a"), finding("000000000000000b", "/b"),
                finding("000000000000000c", "/never-in-jfr")), evidence, store);
        assertEquals("flame/get-a.html", later.get(0).flameGraph());
        assertEquals("flame/get-b.html", later.get(1).flameGraph(), "a finding that appears later gets its graph then");
        assertNull(later.get(2).flameGraph(), "no JFR request of that endpoint: no graph");
        assertEquals(2, counters.get("flame.written"), "/a was not redrawn");

        flames.attach(later, evidence, store);
        assertEquals(2, counters.get("flame.written"), "nothing new: nothing drawn");

        store.store(jfr, new ChunkMeta("svc", "i-1", "continuous", null, null), start, end);
        flames.attach(later, evidence, store);
        assertEquals(4, counters.get("flame.written"), "a new chunk redraws both");
        assertEquals(0, counters.get("flame.failed"));
    }
}
