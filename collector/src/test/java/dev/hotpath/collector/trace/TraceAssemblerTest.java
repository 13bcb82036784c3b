package dev.hotpath.collector.trace;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.testing.TraceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock is passed in, so completion by quiet period is tested without sleeping. */
class TraceAssemblerTest {
    static final long QUIET = 1_000 * MS;
    final CollectorCounters counters = new CollectorCounters();

    private TraceAssembler assembler(int maxTraces, int maxSpans) {
        return new TraceAssembler(QUIET, 30 * QUIET, 5 * QUIET, maxTraces, maxSpans, 1000, counters);
    }

    private static List<Span> request(int n) {
        return TraceBuilder.request("shop", EPOCH_NANOS).sequential(n, "select 1", "00000000000000aa", 1).spans();
    }

    @Test
    void completesOnlyAfterTheRootArrivedAndTheQuietPeriodPassed() {
        TraceAssembler a = assembler(10, 100);
        List<Span> spans = request(4); // root last
        a.add(spans.subList(0, 4), 0);
        assertEquals(List.of(), a.drainCompleted(10 * QUIET), "no root yet: not complete (orphan timeout is 30 s)");
        a.add(spans.subList(4, 5), 10 * QUIET);
        assertEquals(List.of(), a.drainCompleted(10 * QUIET + QUIET / 2), "root arrived, still within the quiet period");
        List<Trace> done = a.drainCompleted(11 * QUIET);
        assertEquals(1, done.size());
        assertEquals(5, done.get(0).spans().size());
        assertTrue(done.get(0).rootSeen());
        assertEquals(SpanKind.SERVER, done.get(0).root().kind());
        assertEquals(0, a.inFlightCount());
    }

    @Test
    void aServerSpanWithARemoteParentIsTheLocalRoot() {
        TraceAssembler a = assembler(10, 100);
        Span s = SpanNormalizer.normalize("0000000000000000000000000000abcd", "00000000000000b1", "00000000000000f0", "GET /x",
                SpanKind.SERVER, 0, 5, false, java.util.Map.of(), java.util.Map.of("http.request.method", "GET", "http.route", "/x"));
        a.add(List.of(s), 0);
        assertEquals(List.of(), a.drainCompleted(QUIET), "a remote parent may still arrive: the remote-parent wait applies");
        List<Trace> done = a.drainCompleted(5 * QUIET);
        assertEquals(1, done.size());
        assertTrue(done.get(0).rootSeen());
        assertEquals("00000000000000b1", done.get(0).root().spanId());
    }

    @Test
    void aDownstreamServicesPartWaitsForTheCallersSpansAndFormsOneTrace() {
        TraceAssembler a = assembler(10, 100);
        String traceId = "0000000000000000000000000000abce";
        Span callerRoot = SpanNormalizer.normalize(traceId, "00000000000000c1", null, "GET /checkout/{id}", SpanKind.SERVER,
                EPOCH_NANOS, EPOCH_NANOS + 900 * MS, false, java.util.Map.of("service.name", "frontend"),
                java.util.Map.of("http.request.method", "GET", "http.route", "/checkout/{id}"));
        Span client = SpanNormalizer.normalize(traceId, "00000000000000c2", "00000000000000c1", "GET /stock/{id}", SpanKind.CLIENT,
                EPOCH_NANOS + 10 * MS, EPOCH_NANOS + 60 * MS, false, java.util.Map.of("service.name", "frontend"),
                java.util.Map.of("hotpath.span.type", "http.client", "http.request.method", "GET", "url.template", "/stock/{id}"));
        Span downstream = SpanNormalizer.normalize(traceId, "00000000000000d1", "00000000000000c2", "GET /stock/{id}", SpanKind.SERVER,
                EPOCH_NANOS + 20 * MS, EPOCH_NANOS + 50 * MS, false, java.util.Map.of("service.name", "backend"),
                java.util.Map.of("http.request.method", "GET", "http.route", "/stock/{id}"));
        a.add(List.of(downstream), 0); // the backend's agent exports when its own request ends: first
        assertEquals(List.of(), a.drainCompleted(2 * QUIET), "past the quiet period, but the caller's request is still running");
        a.add(List.of(client, callerRoot), 2 * QUIET);
        assertEquals(List.of(), a.drainCompleted(2 * QUIET + QUIET / 2));
        List<Trace> done = a.drainCompleted(3 * QUIET);
        assertEquals(1, done.size(), "the caller's root has no parent: the ordinary quiet period applies again");
        Trace trace = done.get(0);
        assertEquals(3, trace.spans().size());
        assertEquals("00000000000000c1", trace.root().spanId(), "the caller's server span is the trace's root");
        assertTrue(trace.rootSeen());
        assertEquals(0, counters.get("spans.late"));
        assertEquals(0, a.inFlightCount());
    }

    @Test
    void orphansAreFinalizedAfterTheTimeoutAndLateSpansAreCounted() {
        TraceAssembler a = assembler(10, 100);
        List<Span> spans = request(3);
        a.add(spans.subList(0, 3), 0);
        List<Trace> done = a.drainCompleted(30 * QUIET);
        assertEquals(1, done.size());
        assertFalse(done.get(0).rootSeen());
        a.add(spans.subList(3, 4), 31 * QUIET);
        assertEquals(1, counters.get("spans.late"));
        assertEquals(0, a.inFlightCount());
    }

    @Test
    void limitsShedAndCount() {
        TraceAssembler a = assembler(2, 3);
        a.add(request(5), 0); // 6 spans, 3 kept
        a.add(request(1), 0);
        a.add(request(1), 0); // third trace: over the in-flight limit
        assertEquals(2, a.inFlightCount());
        assertEquals(3, counters.get("spans.shed.max_spans_per_trace"));
        assertEquals(2, counters.get("spans.shed.max_in_flight_traces"));
        List<Trace> all = a.drainAll();
        assertEquals(2, all.size());
        assertEquals(3, all.stream().mapToInt(Trace::spansDropped).max().orElse(0));
    }

    @Test
    void duplicateSpansAreIgnored() {
        TraceAssembler a = assembler(10, 100);
        List<Span> spans = request(2);
        a.add(spans, 0);
        a.add(spans, 0);
        assertEquals(3, a.drainAll().get(0).spans().size());
        assertEquals(3, counters.get("spans.duplicate"));
    }
}
