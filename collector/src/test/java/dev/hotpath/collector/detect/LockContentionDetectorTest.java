package dev.hotpath.collector.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.jfr.BlockedEvent;
import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.jfr.Frame;
import dev.hotpath.collector.jfr.JfrChunkParser;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.ParsedChunk;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanType;
import dev.hotpath.collector.trace.Trace;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockContentionDetectorTest {
    static final long MS = 1_000_000L;
    static final long T0 = 1_764_220_000_000_000_000L;

    @TempDir
    Path dir;

    private static Trace trace(RequestWindow r) {
        Span root = new Span(r.traceId(), r.spanId(), null, r.method() + " " + r.route(), SpanKind.SERVER, r.startNanos(), r.endNanos(),
                false, r.service(), SpanType.SERVER, Map.of("http.request.method", r.method(), "http.route", r.route()));
        return new Trace(r.traceId(), List.of(root), root, true, 0);
    }

    private static RequestWindow request(int i, long thread, long start, long durationMs, String route, boolean kept) {
        return new RequestWindow("shop", "i-1", thread, start, start + durationMs * MS, String.format("%032x", 0xabc000L + i),
                String.format("%016x", 0xdef000L + i), "GET", route, kept);
    }

    private static List<Frame> stack(String appClass, String appMethod) {
        return List.of(new Frame("jdk.internal.misc.Unsafe", "park", null),
                new Frame("java.util.concurrent.locks.LockSupport", "park", 211),
                new Frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire", 715),
                new Frame("java.util.concurrent.locks.ReentrantLock", "lock", 322),
                new Frame(appClass, appMethod, 42),
                new Frame("org.eclipse.jetty.server.Server", "handle", 10));
    }

    private List<Finding> detect(LockContentionDetector d, JfrEvidence jfr, List<RequestWindow> requests) throws Exception {
        for (RequestWindow r : requests) {
            d.onTrace(trace(r));
        }
        RunStats stats = new RunStats(100, new CollectorCounters());
        List<Finding> findings = d.findings(new DetectionContext(stats, stats.window(T0 / 1_000_000), jfr));
        new FindingsWriter(dir).write(findings);
        FindingsSchema.validate(dir.resolve(FindingsWriter.FILE_NAME));
        return findings;
    }

    @Test
    void waitsInsideRequestsBecomeOneFindingWithTheLockTheFrameAndTheNumbers() throws Exception {
        List<RequestWindow> requests = new ArrayList<>();
        List<BlockedEvent> blocked = new ArrayList<>();
        // 20 requests on /stock: the odd ones wait 30 ms of their 40 ms on the lock, the even ones 10 ms without waiting
        for (int i = 0; i < 20; i++) {
            long start = T0 + i * 100 * MS;
            boolean waits = i % 2 == 1;
            RequestWindow r = request(i, 100 + i % 4, start, waits ? 40 : 10, "/stock", true);
            requests.add(r);
            if (waits) {
                // three waits came without a usable stack (JFR could not walk it): same lock, same finding
                blocked.add(new BlockedEvent("i-1", r.threadId(), start + 5 * MS, start + 35 * MS, BlockedEvent.Kind.PARK,
                        "java.util.concurrent.locks.ReentrantLock", i >= 15 ? List.of() : stack("com.acme.Stock", "reserve")));
            }
        }
        // the same thread idle (no request) waiting on the same lock: not contention
        blocked.add(new BlockedEvent("i-1", 100, T0 - 500 * MS, T0 - 100 * MS, BlockedEvent.Kind.PARK,
                "java.util.concurrent.locks.ReentrantLock", stack("com.acme.Stock", "reserve")));
        JfrEvidence jfr = new JfrEvidence(1000, 1000, new CollectorCounters());
        jfr.add(new ParsedChunk(requests, blocked, List.of(), 0, 0));

        List<Finding> findings = detect(new LockContentionDetector(LockContentionDetector.Settings.defaults()), jfr, requests);

        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        assertEquals("lock_contention", f.kind());
        assertEquals("/stock", f.endpoint().route());
        LockContentionEvidence e = (LockContentionEvidence) f.evidence();
        assertEquals("java.util.concurrent.locks.ReentrantLock", e.lockClass());
        assertEquals(List.of("park"), e.waitKinds());
        assertEquals(10, e.events(), "the idle wait is not counted");
        assertEquals("com.acme.Stock.reserve", f.codePointers().get(0).function());
        assertEquals(42, f.codePointers().get(0).line());
        assertEquals(10, f.impact().requestsAffected());
        assertEquals(20, f.impact().endpointRequests());
        assertEquals("jfr", f.impact().endpointRequestsSource());
        assertEquals(0.5, f.impact().shareOfRequests(), 1e-9);
        assertEquals(0.75, f.impact().shareOfRequestTime(), 0.01);
        assertEquals(300, f.impact().totalTimeLostMs(), 0.5);
        assertEquals(30, e.blockedMsPerRequest().p50(), 0.1);
        assertEquals(0.75, e.tail().blockedShareSlow(), 0.01);
        assertEquals(0.0, e.tail().blockedShareFast(), 1e-9);
        assertTrue(f.impact().latencyMs().withoutPattern().p50() < f.impact().latencyMs().withPattern().p50());
        assertEquals("high", f.confidence().level().name().toLowerCase());
        Set<String> affectedIds = Set.copyOf(requests.stream().filter(r -> r.durationNanos() == 40 * MS).map(RequestWindow::traceId).toList());
        assertTrue(affectedIds.containsAll(f.exemplarTraceIds()), f.exemplarTraceIds().toString());
    }

    @Test
    void onlyKeptAndCompletedTracesAreExemplarsAndWithoutOneThereIsNoFinding() throws Exception {
        List<RequestWindow> requests = new ArrayList<>();
        List<BlockedEvent> blocked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = T0 + i * 100 * MS;
            RequestWindow r = request(100 + i, 7, start, 40, "/stock", i == 3);
            requests.add(r);
            blocked.add(new BlockedEvent("i-1", 7, start + 1 * MS, start + 31 * MS, BlockedEvent.Kind.MONITOR, "com.acme.Ledger",
                    List.of(new Frame("com.acme.Ledger", "post", 9))));
        }
        JfrEvidence jfr = new JfrEvidence(1000, 1000, new CollectorCounters());
        jfr.add(new ParsedChunk(requests, blocked, List.of(), 0, 0));
        List<Finding> findings = detect(new LockContentionDetector(LockContentionDetector.Settings.defaults()), jfr, requests);
        assertEquals(List.of(requests.get(3).traceId()), findings.get(0).exemplarTraceIds());
        assertEquals(List.of("monitor-enter"), ((LockContentionEvidence) findings.get(0).evidence()).waitKinds());

        // the kept trace never reached the collector: nothing to show, no finding
        LockContentionDetector fresh = new LockContentionDetector(LockContentionDetector.Settings.defaults());
        RunStats stats = new RunStats(100, new CollectorCounters());
        assertEquals(List.of(), fresh.findings(new DetectionContext(stats, stats.window(0), jfr)));
    }

    @Test
    void onTheRecordedFixtureTheContendedRoutesHaveFindingsAndTheControlNone() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/jfr/contention.jfr")) {
            bytes = in.readAllBytes();
        }
        ParsedChunk chunk = JfrChunkParser.parse(bytes, new ChunkMeta("shop", "i-1", "continuous", null, null));
        JfrEvidence jfr = new JfrEvidence(10_000, 10_000, new CollectorCounters());
        jfr.add(chunk);
        jfr.add(chunk); // the rotation overlap: the same events twice count once
        List<Finding> findings = detect(new LockContentionDetector(LockContentionDetector.Settings.defaults()), jfr, chunk.requests());

        Map<String, Finding> byRoute = new java.util.HashMap<>();
        findings.forEach(f -> byRoute.put(f.endpoint().route(), f));
        assertEquals(Set.of("/ledger", "/stock"), byRoute.keySet(), findings.toString());
        assertNull(byRoute.get("/free"));
        Finding ledger = byRoute.get("/ledger");
        assertEquals("dev.hotpath.collector.jfr.JfrFixtureGenerator$Ledger", ((LockContentionEvidence) ledger.evidence()).lockClass());
        assertEquals("dev.hotpath.collector.jfr.JfrFixtureGenerator$Ledger.post", ledger.codePointers().get(0).function());
        Finding stock = byRoute.get("/stock");
        assertEquals("java.util.concurrent.locks.ReentrantLock", ((LockContentionEvidence) stock.evidence()).lockClass());
        assertEquals("dev.hotpath.collector.jfr.JfrFixtureGenerator$Stock.reserve", stock.codePointers().get(0).function());
        long waitsOnRequestThreads = chunk.blocked().stream()
                .filter(b -> b.lockClass().endsWith("$Ledger") && jfr.requestAt(b.instance(), b.threadId(), b.startNanos() + b.durationNanos() / 2) != null).count();
        assertEquals(waitsOnRequestThreads, ((LockContentionEvidence) ledger.evidence()).events(),
                "the background poster's waits (no request on its thread) are left out");
        assertTrue(chunk.blocked().stream().filter(b -> b.lockClass().endsWith("$Ledger")).count() > waitsOnRequestThreads,
                "the fixture has waits outside requests");
        Set<String> kept = Set.copyOf(chunk.requests().stream().filter(RequestWindow::kept).map(RequestWindow::traceId).toList());
        for (Finding f : findings) {
            assertTrue(kept.containsAll(f.exemplarTraceIds()), "exemplars are kept traces only");
            assertTrue(f.impact().requestsAffected() <= 32);
        }
    }
}
