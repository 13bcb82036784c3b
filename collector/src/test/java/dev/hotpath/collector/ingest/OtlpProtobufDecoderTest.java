package dev.hotpath.collector.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanType;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire-level decoder reads what the generated OTLP classes write, with their rules for odd input. */
class OtlpProtobufDecoderTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private static KeyValue kv(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static Span.Builder span(String spanId, String parent) {
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.fromHex(TRACE)).setSpanId(ByteString.fromHex(spanId))
                .setName("GET /orders/{id}").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_000).setEndTimeUnixNano(5_000);
        if (parent != null) {
            b.setParentSpanId(ByteString.fromHex(parent));
        }
        return b;
    }

    @Test
    void everyValueTypeStatusAndKindAsTheGeneratedClassesWriteThem() throws Exception {
        Span root = span("b7ad6b7169203331", null)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .setTraceState("k=v").setFlags(1)
                .addAttributes(kv("http.route", str("/orders/{id}")))
                .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(503).build()))
                .addAttributes(kv("flag", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
                .addAttributes(kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3})).build()))
                .addAttributes(kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(str("a")).addValues(AnyValue.newBuilder().setIntValue(-2)).addValues(AnyValue.getDefaultInstance())).build()))
                .addAttributes(kv("map", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("inner", str("\u00e9t\u00e9 \u65e5")))).build()))
                .addAttributes(KeyValue.newBuilder().setKey("unset").build())
                .addEvents(Span.Event.newBuilder().setName("ignored").setTimeUnixNano(2_000))
                .build();
        Span child = span("00f067aa0ba902b7", "b7ad6b7169203331").setName("SELECT items").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(kv("db.system.name", str("h2"))).addAttributes(kv("db.query.text", str("select * from items where id = ?")))
                .build();
        ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("shop"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(child))).build();

        List<dev.hotpath.collector.trace.Span> spans = OtlpProtobufDecoder.decode(req.toByteArray());

        assertEquals(2, spans.size());
        dev.hotpath.collector.trace.Span r = spans.get(0);
        assertEquals(TRACE, r.traceId());
        assertEquals("b7ad6b7169203331", r.spanId());
        assertNull(r.parentSpanId());
        assertEquals(SpanKind.SERVER, r.kind());
        assertEquals(1_000, r.startEpochNanos());
        assertEquals(5_000, r.endEpochNanos());
        assertTrue(r.error());
        assertEquals("shop", r.service());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("http.route", "/orders/{id}");
        expected.put("http.response.status_code", 503L);
        expected.put("flag", true);
        expected.put("ratio", 0.25);
        expected.put("raw", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        expected.put("list", Arrays.asList("a", -2L, null));
        expected.put("map", Map.of("inner", "\u00e9t\u00e9 \u65e5"));
        assertEquals(expected, r.attributes());
        dev.hotpath.collector.trace.Span c = spans.get(1);
        assertEquals(SpanType.DB, c.type());
        assertEquals("b7ad6b7169203331", c.parentSpanId());
        assertSame(r.traceId(), c.traceId(), "one trace id string for the spans of a trace");
        assertEquals(16, c.fingerprint().length(), "foreign statement fingerprinted as before");
    }

    @Test
    void resourceAfterItsSpansUnknownFieldsAndRepeatedScalarsLastWins() throws Exception {
        ByteArrayOutputStream span = new ByteArrayOutputStream();
        span.write(span("b7ad6b7169203331", null).build().toByteArray());
        span.write(new byte[] {(byte) 0xf8, 0x06, 0x2a}); // unknown field 111, varint 42
        span.write(Span.newBuilder().setName("later name wins").build().toByteArray());
        ByteArrayOutputStream scope = new ByteArrayOutputStream();
        writeField(scope, 2, span.toByteArray());
        ByteArrayOutputStream rs = new ByteArrayOutputStream();
        writeField(rs, 2, scope.toByteArray());
        writeField(rs, 1, Resource.newBuilder().addAttributes(kv("service.name", str("late"))).build().toByteArray());
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        writeField(req, 1, rs.toByteArray());
        byte[] body = req.toByteArray();
        assertEquals("later name wins", ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0).getSpans(0).getName(),
                "the generated parser's reading, for reference");

        dev.hotpath.collector.trace.Span s = OtlpProtobufDecoder.decode(body).get(0);

        assertEquals("later name wins", s.name());
        assertEquals("late", s.service());
    }

    @Test
    void refusesInvalidUtf8BadIdsAndTruncation() {
        byte[] good = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("b7ad6b7169203331", null).setName("XY")))).build().toByteArray();
        byte[] badUtf8 = good.clone();
        int at = indexOf(badUtf8, "XY".getBytes());
        badUtf8[at] = (byte) 0xc3; // a lead byte followed by ASCII
        assertTrue(assertThrows(RejectedRequest.class, () -> OtlpProtobufDecoder.decode(badUtf8)).getMessage().contains("UTF-8"));
        assertThrows(RejectedRequest.class, () -> OtlpProtobufDecoder.decode(Arrays.copyOf(good, good.length - 3)));
        byte[] zeros = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("0000000000000000", null)))).build().toByteArray();
        assertTrue(assertThrows(RejectedRequest.class, () -> OtlpProtobufDecoder.decode(zeros)).getMessage().contains("spanId is all zeros"));
        byte[] shortId = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("b7ad6b7169203331", null)
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("0af76519")))))).build().toByteArray();
        assertTrue(assertThrows(RejectedRequest.class, () -> OtlpProtobufDecoder.decode(shortId)).getMessage()
                .contains("traceId must be 16 bytes, got 4"));
    }

    private static void writeField(ByteArrayOutputStream out, int field, byte[] message) {
        out.write((field << 3) | 2);
        int len = message.length;
        while (len >= 0x80) {
            out.write((len & 0x7f) | 0x80);
            len >>>= 7;
        }
        out.write(len);
        out.writeBytes(message);
    }

    private static int indexOf(byte[] h, byte[] n) {
        for (int i = 0; i <= h.length - n.length; i++) {
            if (Arrays.equals(h, i, i + n.length, n, 0, n.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
