package dev.hotpath.collector.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
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
 * A real JFR recording (the JDK's execution sampler) of a program with a known hot method on one thread
 * ("the request") and other work on another: the flame graph of the request's window shows the hot method
 * and nothing of the other thread.
 */
class SlowPathFlameGraphTest {
    private static final String HOT = SlowPathFlameGraphTest.class.getName() + ".burnHotLoop";
    private static final String OTHER = SlowPathFlameGraphTest.class.getName() + ".otherThreadWork";
    static volatile long sink;

    @TempDir
    static Path recorded;
    static Path jfr;
    static RequestWindow request;
    static RequestWindow otherThreadWindow;

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Until the thread itself has run 1.5 s on a CPU (or 60 s passed): on a busy machine a fixed wall time gives the
     * sampler only a few running samples.
     */
    static boolean moreCpuNeeded(long deadlineNanos) {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < 1_500_000_000L && System.nanoTime() < deadlineNanos;
    }

    static void burnHotLoop(long deadlineNanos) {
        long x = 17;
        while (moreCpuNeeded(deadlineNanos)) {
            for (int i = 0; i < 500_000; i++) { // about 0.5 ms between CPU-time reads
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink += x;
        }
    }

    static void otherThreadWork(long deadlineNanos) {
        long x = 3;
        while (moreCpuNeeded(deadlineNanos)) {
            for (int i = 0; i < 500_000; i++) { // about 0.5 ms between CPU-time reads
                x ^= x << 13;
                x ^= x >>> 7;
            }
            sink += x;
        }
    }

    @BeforeAll
    static void record() throws Exception {
        jfr = recorded.resolve("execution.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long until = System.nanoTime() + 60_000_000_000L;
            Thread hot = new Thread(() -> burnHotLoop(until), "request-worker");
            Thread other = new Thread(() -> otherThreadWork(until), "other-worker");
            long start = epochNanos();
            hot.start();
            other.start();
            hot.join();
            other.join();
            long end = epochNanos();
            recording.stop();
            recording.dump(jfr);
            request = new RequestWindow(hot.getId(), start, end);
            otherThreadWindow = new RequestWindow(other.getId(), start, end);
        }
    }

    @Test
    void theRequestsFlameGraphShowsItsHotMethodAndOnlyItsThread(@TempDir Path run) throws Exception {
        SlowPathFlameGraph.Result result = SlowPathFlameGraph.write(run, "GET", "/work/{n}", List.of(jfr), List.of(request));
        assertEquals("flame/get-work-n.html", result.link());
        CollapsedStacks stacks = result.stacks();
        assertTrue(stacks.samples() >= 10, "samples in the window: " + stacks.samples());
        assertTrue(stacks.samplesThrough(HOT) >= 0.9 * stacks.samples(),
                "the hot method is on (nearly) every sampled stack: " + stacks.toText());
        assertEquals(0, stacks.samplesThrough(OTHER), "the other thread is not the request's");
        assertTrue(stacks.samplesOutsideWindows() > 0, "the other thread's samples were seen and left out");
        assertTrue(stacks.toText().lines().allMatch(l -> l.startsWith("java.lang.Thread.run") && l.contains(";" + HOT)),
                "root first, leaf last: " + stacks.toText());

        String html = Files.readString(run.resolve(result.link()));
        assertTrue(html.contains("burnHotLoop"), "the page names the hot method");
        assertFalse(html.contains("otherThreadWork"));
        assertTrue(html.contains("GET /work/{n}: 1 slowest requests"), "titled with the endpoint");
        assertFalse(html.contains("<script src") || html.contains("<link"), "self-contained: nothing fetched");
    }

    @Test
    void windowsOutsideTheRecordingDrawNothing(@TempDir Path run) throws Exception {
        RequestWindow later = new RequestWindow(request.javaThreadId(), request.endEpochNanos() + 60_000_000_000L,
                request.endEpochNanos() + 61_000_000_000L);
        SlowPathFlameGraph.Result result = SlowPathFlameGraph.write(run, "GET", "/work/{n}", List.of(jfr), List.of(later));
        assertNull(result.link());
        assertEquals(0, result.stacks().samples());
        assertFalse(Files.exists(run.resolve("flame")), "no page without samples");
    }

    @Test
    void anotherThreadsWindowHasItsOwnStacks() {
        CollapsedStacks other = RequestStackCollector.collect(List.of(jfr), List.of(otherThreadWindow));
        assertTrue(other.samplesThrough(OTHER) > 0, other.toText());
        assertEquals(0, other.samplesThrough(HOT));
    }

    @Test
    void anUnreadableFileIsCountedNotFatal(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jfr"), "not a recording");
        CollapsedStacks stacks = RequestStackCollector.collect(List.of(junk, jfr), List.of(request));
        assertEquals(1, stacks.unreadableFiles());
        assertTrue(stacks.samplesThrough(HOT) > 0);
    }
}
