package dev.hotpath.collector.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** JMC's parser on the recorded fixture (see {@link JfrFixtureGenerator} for what it holds and how to regenerate it). */
class JfrChunkParserTest {
    static final ChunkMeta META = new ChunkMeta("shop", "i-1", "continuous", null, null);

    static byte[] fixture() throws IOException {
        try (InputStream in = JfrChunkParserTest.class.getResourceAsStream("/jfr/contention.jfr")) {
            assertNotNull(in, "fixture jfr/contention.jfr");
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheAgentsRequestEventsWithExactIdsAndWindows() throws Exception {
        ParsedChunk chunk = JfrChunkParser.parse(fixture(), META);
        List<RequestWindow> requests = chunk.requests();
        assertEquals(JfrFixtureGenerator.THREADS * JfrFixtureGenerator.REQUESTS * 3, requests.size());
        assertEquals(Set.of("/ledger", "/stock", "/free"), requests.stream().map(RequestWindow::route).collect(Collectors.toSet()));
        for (RequestWindow r : requests) {
            assertEquals("shop", r.service());
            assertEquals("GET", r.method());
            assertTrue(r.traceId().matches("800000000000000[0-3][0-9a-f]{16}"), r.traceId());
            assertTrue(r.durationNanos() >= 5_000_000, "each request works >= 6 ms: " + r);
        }
        assertEquals(requests.size() / 2, requests.stream().filter(RequestWindow::kept).count());
        assertEquals(1, chunk.pauses().size(), "the one System.gc() pause");
        assertEquals(0, chunk.skipped());
    }

    @Test
    void keepsMonitorWaitsAndLockParksButNotConditionWaits() throws Exception {
        ParsedChunk chunk = JfrChunkParser.parse(fixture(), META);
        Set<String> monitorClasses = chunk.blocked().stream().filter(b -> b.kind() == BlockedEvent.Kind.MONITOR)
                .map(BlockedEvent::lockClass).collect(Collectors.toSet());
        assertEquals(Set.of(JfrFixtureGenerator.Ledger.class.getName()), monitorClasses);
        Set<String> parkClasses = chunk.blocked().stream().filter(b -> b.kind() == BlockedEvent.Kind.PARK)
                .map(BlockedEvent::lockClass).collect(Collectors.toSet());
        assertEquals(Set.of("java.util.concurrent.locks.ReentrantLock"), parkClasses);
        for (BlockedEvent b : chunk.blocked()) {
            Frame app = LockFrames.firstApplicationFrame(b.frames());
            assertNotNull(app, b.toString());
            assertTrue(app.function().endsWith("Ledger.post") || app.function().endsWith("Stock.reserve"), app.toString());
            assertFalse(b.frames().stream().anyMatch(f -> f.className().contains("ConditionObject")), "condition waits are not lock waits");
        }
    }

    @Test
    void garbageIsRefusedWithAReason() {
        byte[] bad = {'F', 'L', 'R', 0, 0, 2, 0, 0, 1, 2, 3};
        JfrChunkParser.UnreadableChunk e = assertThrows(JfrChunkParser.UnreadableChunk.class, () -> JfrChunkParser.parse(bad, META));
        assertTrue(e.getMessage().startsWith("unreadable JFR"), e.getMessage());
    }

    @Test
    void aRecordingWithoutEventsIsReadButATruncatedOneIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("empty.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) { // no event enabled: what an app stopped at once leaves
            r.start();
            r.stop();
            r.dump(file);
        }
        byte[] empty = java.nio.file.Files.readAllBytes(file);
        assertEquals(0, JfrChunkParser.parse(empty, META).events());
        byte[] truncated = java.util.Arrays.copyOf(empty, empty.length - 100);
        JfrChunkParser.UnreadableChunk e = assertThrows(JfrChunkParser.UnreadableChunk.class, () -> JfrChunkParser.parse(truncated, META));
        assertTrue(e.getMessage().startsWith("unreadable JFR"), e.getMessage());
    }
}
