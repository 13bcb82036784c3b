package dev.hotpath.collector.findings;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.testing.TraceBuilder;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanType;
import dev.hotpath.collector.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLogTest {

    /** The line written field by field is exactly the JSON of the documented shape, attribute types included. */
    @Test
    void writesTheDocumentedShapeWithEveryAttributeType(@TempDir Path out) throws Exception {
        Map<String, Object> rootAttrs = new LinkedHashMap<>();
        rootAttrs.put("http.request.method", "GET");
        rootAttrs.put("http.route", "/orders/{id}");
        rootAttrs.put("http.response.status_code", 200L);
        rootAttrs.put("hotpath.span.unfinished", true);
        rootAttrs.put("ratio", 0.25);
        rootAttrs.put("tags", List.of("a", 2L));
        rootAttrs.put("nested", Map.of("k", "v \"quoted\" \u00e9"));
        Span root = new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "GET /orders/{id}", SpanKind.SERVER,
                EPOCH_NANOS, EPOCH_NANOS + 5 * MS, false, "shop", SpanType.SERVER, rootAttrs);
        Span db = new Span(root.traceId(), "00f067aa0ba902b7", root.spanId(), "SELECT items", SpanKind.CLIENT,
                EPOCH_NANOS + MS, EPOCH_NANOS + 2 * MS, true, "shop", SpanType.DB,
                Map.of("db.query.text", "select * from items where id = ?"));
        Trace trace = new Trace(root.traceId(), List.of(root, db), root, true, 3);
        try (TraceLog log = new TraceLog(out, 1 << 20)) {
            assertTrue(log.append(trace));
        }

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("traceId", root.traceId());
        expected.put("service", "shop");
        expected.put("endpoint", orderedMap("method", "GET", "route", "/orders/{id}"));
        expected.put("startEpochNanos", EPOCH_NANOS);
        expected.put("durationNanos", 5 * MS);
        expected.put("error", false);
        expected.put("rootSeen", true);
        expected.put("spansDropped", 3);
        List<Object> spans = new ArrayList<>();
        for (Span s : trace.spans()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spanId", s.spanId());
            m.put("parentSpanId", s.parentSpanId());
            m.put("name", s.name());
            m.put("kind", s.kind().name());
            m.put("type", s.type().wireName());
            m.put("service", s.service());
            m.put("startEpochNanos", s.startEpochNanos());
            m.put("endEpochNanos", s.endEpochNanos());
            m.put("status", s.error() ? "ERROR" : "OK");
            m.put("attributes", s.attributes());
            spans.add(m);
        }
        expected.put("spans", spans);
        assertEquals(List.of(Json.MAPPER.writeValueAsString(expected)), Files.readAllLines(out.resolve(TraceLog.FILE_NAME)));
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /** traces.jsonl stops at its bound, whole lines only; every trace is still analysed and counted. */
    @Test
    void boundedOnDiskWithWholeLinesAndTheShedCounted(@TempDir Path out) throws Exception {
        long bound = 6_000;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .maxTraceLogBytes(bound).flushInterval(Duration.ZERO).build())) {
            for (int i = 0; i < 40; i++) {
                collector.acceptSpans(TraceBuilder.request("shop", EPOCH_NANOS + i * 100 * MS).endpoint("GET", "/orders/{id}")
                        .sequential(6, "select * from items where order_id = ?", "00000000000000aa", 1).spans());
            }
            collector.flush();
            long written = Files.size(out.resolve(TraceLog.FILE_NAME));
            List<String> lines = Files.readAllLines(out.resolve(TraceLog.FILE_NAME));
            assertTrue(written <= bound, written + " bytes");
            assertTrue(lines.size() > 0 && lines.size() < 40, lines.size() + " lines");
            lines.forEach(l -> assertTrue(l.startsWith("{") && l.endsWith("}"), "whole lines only"));
            assertEquals(40, collector.counters().get("traces.completed"));
            assertEquals(40 - lines.size(), collector.counters().get("traces.log.shed"));
            assertEquals(1, collector.findings().size(), "every trace still reaches the detectors");
        }
    }

    /** A line cut by a killed process is removed when the log is opened again, and counted; appends stay whole lines. */
    @Test
    void aTornLastLineIsCutOnOpenAndCounted(@TempDir Path out) throws Exception {
        Path file = out.resolve(TraceLog.FILE_NAME);
        String whole = "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spans\":[]}\n";
        String torn = "{\"traceId\":\"0af7651916cd43dd8448eb211c80319d\",\"spa";
        Files.writeString(file, whole + torn);
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0)
                .flushInterval(Duration.ZERO).build())) {
            collector.acceptSpans(TraceBuilder.request("shop", EPOCH_NANOS).endpoint("GET", "/orders/{id}").work(2).spans());
            collector.flush();
            assertEquals(torn.length(), collector.counters().get("traces.log.torn_bytes_repaired"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals(whole.trim(), lines.get(0));
        lines.forEach(l -> assertTrue(l.startsWith("{\"traceId\":") && l.endsWith("}"), l));
        assertEquals(java.util.Set.of("0af7651916cd43dd8448eb211c80319c"), TraceLog.traceIdsAmong(out,
                java.util.Set.of("0af7651916cd43dd8448eb211c80319c", "0af7651916cd43dd8448eb211c80319d")));
    }
}
