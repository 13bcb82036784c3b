package dev.hotpath.collector.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.jfr.GcPause;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcPauseDetectorTest {
    static final long MS = 1_000_000L;
    static final long T0 = 1_764_220_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void pausesInsideTheSlowRequestsOnlyGiveAFindingOnThatEndpoint() throws Exception {
        List<RequestWindow> requests = new ArrayList<>();
        List<GcPause> pauses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = T0 + i * 200 * MS;
            boolean slow = i % 5 == 4; // 4 of 20
            requests.add(new RequestWindow("shop", "i-1", 10 + i % 3, start, start + (slow ? 60 : 10) * MS,
                    String.format("%032x", 0x100L + i), String.format("%016x", 0x200L + i), "GET", "/reports/allocations", true));
            if (slow) {
                pauses.add(new GcPause("i-1", start + 10 * MS, start + 50 * MS, "GC Pause"));
            }
            // another endpoint on the other JVM: pauses hit fast and slow alike, below the threshold
            requests.add(new RequestWindow("shop", "i-2", 20, start + 100 * MS, start + 110 * MS,
                    String.format("%032x", 0x300L + i), String.format("%016x", 0x400L + i), "GET", "/products/{id}", true));
        }
        pauses.add(new GcPause("i-2", T0 + 100 * MS, T0 + 101 * MS, "GC Pause"));
        JfrEvidence jfr = new JfrEvidence(1000, 1000, new CollectorCounters());
        jfr.add(new ParsedChunk(requests, List.of(), pauses, 0, 0));
        GcPauseDetector d = new GcPauseDetector(GcPauseDetector.Settings.defaults());
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
        assertEquals("gc_pause", f.kind());
        assertEquals("/reports/allocations", f.endpoint().route());
        GcPauseEvidence e = (GcPauseEvidence) f.evidence();
        assertEquals(4, e.pauses());
        assertEquals(40, e.longestPauseMs(), 0.01);
        assertEquals(1.0, e.slow().shareWithPause(), 1e-9);
        assertEquals(0.667, e.slow().pauseShareOfTime(), 0.01);
        assertEquals(0.0, e.fast().shareWithPause(), 1e-9);
        assertEquals(4, f.impact().requestsAffected());
        assertEquals(160, f.impact().totalTimeLostMs(), 0.01);
        assertTrue(f.exemplarTraceIds().stream().allMatch(id -> requests.stream()
                .anyMatch(r -> r.traceId().equals(id) && r.durationNanos() == 60 * MS)), f.exemplarTraceIds().toString());
    }
}
