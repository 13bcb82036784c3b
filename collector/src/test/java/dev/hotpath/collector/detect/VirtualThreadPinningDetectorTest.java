package dev.hotpath.collector.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.jfr.Frame;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.ParsedChunk;
import dev.hotpath.collector.jfr.PinnedEvent;
import dev.hotpath.collector.jfr.RequestWindow;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.testing.FindingsSchema;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanType;
import dev.hotpath.collector.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic jdk.VirtualThreadPinned events joined to requests served on virtual threads. */
class VirtualThreadPinningDetectorTest {
    static final long MS = 1_000_000L;
    static final long T0 = 1_764_220_000_000_000_000L;
    static final List<Frame> PINNED_STACK = List.of(
            new Frame("java.lang.VirtualThread", "parkOnCarrierThread", 677),
            new Frame("java.lang.Thread", "sleep", 509),
            new Frame("com.shop.inventory.StockCache", "refresh", 42),
            new Frame("com.shop.inventory.StockCache", "get", 30),
            new Frame("com.shop.web.StockServlet", "doGet", 18));

    @TempDir
    Path dir;

    private static RequestWindow request(String route, long thread, long start, long durationMs, int i) {
        return new RequestWindow("shop", "i-1", thread, start, start + durationMs * MS, String.format("%032x", 0x100L + i),
                String.format("%016x", 0x200L + i), "GET", route, true);
    }

    @Test
    void pinsInsideRequestsGiveOneFindingNamingTheFrameAndPinsOutsideRequestsNone() throws Exception {
        List<RequestWindow> requests = new ArrayList<>();
        List<PinnedEvent> pins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = T0 + i * 100 * MS;
            long vthread = 1000 + i; // each request on its own virtual thread
            RequestWindow stock = request("/stock/{id}", vthread, start, 50, i);
            requests.add(stock);
            if (i % 2 == 0) { // 5 of 10 pinned for 30 ms
                pins.add(new PinnedEvent("i-1", vthread, start + 10 * MS, start + 40 * MS, PINNED_STACK));
            }
            requests.add(request("/health", 2000 + i, start + 60 * MS, 5, 100 + i));
        }
        // a pin on a thread serving no request (a background virtual thread): not a request's problem
        pins.add(new PinnedEvent("i-1", 5000, T0, T0 + 30 * MS, PINNED_STACK));
        JfrEvidence jfr = new JfrEvidence(1000, 1000, new CollectorCounters());
        jfr.add(new ParsedChunk(requests, List.of(), List.of(), List.of(), pins, 0, 0, 0, 0));
        VirtualThreadPinningDetector d = new VirtualThreadPinningDetector(VirtualThreadPinningDetector.Settings.defaults());
        for (RequestWindow r : requests) {
            Span root = new Span(r.traceId(), r.spanId(), null, "GET", SpanKind.SERVER, r.startNanos(), r.endNanos(), false, "shop",
                    SpanType.SERVER, Map.of("http.request.method", "GET", "http.route", r.route()));
            d.onTrace(new Trace(r.traceId(), List.of(root), root, true, 0));
        }
        RunStats stats = new RunStats(100, new CollectorCounters());
        List<Finding> findings = d.findings(new DetectionContext(stats, stats.window(T0 / 1_000_000), jfr));
        new FindingsWriter(dir).write(findings);
        FindingsSchema.validate(dir.resolve(FindingsWriter.FILE_NAME));

        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        assertEquals("virtual_thread_pinning", f.kind());
        assertEquals("/stock/{id}", f.endpoint().route());
        VirtualThreadPinningEvidence e = (VirtualThreadPinningEvidence) f.evidence();
        assertEquals("com.shop.inventory.StockCache.refresh", e.frame());
        assertEquals(5, e.events(), "the background pin is not counted");
        assertEquals(150, e.pinnedMsTotal(), 0.01);
        assertEquals(30, e.pinnedMsPerRequest().p50(), 0.1);
        assertEquals(5, f.impact().requestsAffected());
        assertEquals(10, f.impact().endpointRequests());
        assertEquals(0.6, f.impact().shareOfRequestTime(), 0.01);
        assertEquals("com.shop.inventory.StockCache.refresh", f.codePointers().get(0).function());
        assertEquals(42, f.codePointers().get(0).line());
        assertTrue(f.exemplarTraceIds().stream().allMatch(id -> requests.stream()
                .anyMatch(r -> r.traceId().equals(id) && r.route().equals("/stock/{id}"))), f.exemplarTraceIds().toString());
    }

    @Test
    void fewerPinnedRequestsThanTheThresholdGiveNoFinding() {
        List<RequestWindow> requests = List.of(request("/stock/{id}", 1000, T0, 50, 1), request("/stock/{id}", 1001, T0, 50, 2));
        List<PinnedEvent> pins = List.of(new PinnedEvent("i-1", 1000, T0 + 10 * MS, T0 + 40 * MS, PINNED_STACK),
                new PinnedEvent("i-1", 1001, T0 + 10 * MS, T0 + 40 * MS, PINNED_STACK));
        JfrEvidence jfr = new JfrEvidence(1000, 1000, new CollectorCounters());
        jfr.add(new ParsedChunk(requests, List.of(), List.of(), List.of(), pins, 0, 0, 0, 0));
        VirtualThreadPinningDetector d = new VirtualThreadPinningDetector(VirtualThreadPinningDetector.Settings.defaults());
        RunStats stats = new RunStats(100, new CollectorCounters());
        assertEquals(List.of(), d.findings(new DetectionContext(stats, stats.window(T0 / 1_000_000), jfr)));
    }
}
