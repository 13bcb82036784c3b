package dev.hotpath.collector.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes {@link SpanSpec}s as OTLP: protobuf (with the opentelemetry-proto classes) or OTLP JSON. */
public final class Otlp {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Otlp() {
    }

    public static ExportTraceServiceRequest protobuf(List<SpanSpec> specs) {
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        for (SpanSpec s : specs) {
            ScopeSpans.Builder scope = byService.computeIfAbsent(s.service(), k -> ScopeSpans.newBuilder());
            Span.Builder b = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(s.traceId())))
                    .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(s.spanId())))
                    .setName(s.name())
                    .setKind(Span.SpanKind.forNumber(s.kind().ordinal()))
                    .setStartTimeUnixNano(s.startNanos())
                    .setEndTimeUnixNano(s.endNanos());
            if (s.parentSpanId() != null) {
                b.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(s.parentSpanId())));
            }
            if (s.error()) {
                b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            s.attributes().forEach((k, v) -> b.addAttributes(KeyValue.newBuilder().setKey(k).setValue(any(v))));
            scope.addSpans(b);
        }
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, scope) -> req.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(scope)));
        return req.build();
    }

    private static AnyValue any(Object v) {
        if (v instanceof Long l) {
            return AnyValue.newBuilder().setIntValue(l).build();
        }
        if (v instanceof Integer i) {
            return AnyValue.newBuilder().setIntValue(i).build();
        }
        if (v instanceof Double d) {
            return AnyValue.newBuilder().setDoubleValue(d).build();
        }
        if (v instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        return AnyValue.newBuilder().setStringValue(v.toString()).build();
    }

    /**
     * OTLP JSON, exercising the spec's freedoms: int64 alternately as string and number, kind as a
     * number or an enum name, ids as (upper-case) hex.
     */
    public static String json(List<SpanSpec> specs) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode resourceSpans = root.putArray("resourceSpans");
        Map<String, ArrayNode> byService = new LinkedHashMap<>();
        int i = 0;
        for (SpanSpec s : specs) {
            ArrayNode spans = byService.computeIfAbsent(s.service(), svc -> {
                ObjectNode rs = resourceSpans.addObject();
                ObjectNode attr = rs.putObject("resource").putArray("attributes").addObject();
                attr.put("key", "service.name");
                attr.putObject("value").put("stringValue", svc);
                ObjectNode scope = rs.putArray("scopeSpans").addObject();
                scope.putObject("scope").put("name", "test");
                return scope.putArray("spans");
            });
            ObjectNode j = spans.addObject();
            j.put("traceId", i % 2 == 0 ? s.traceId().toUpperCase() : s.traceId());
            j.put("spanId", s.spanId());
            j.put("parentSpanId", s.parentSpanId() == null ? "" : s.parentSpanId());
            j.put("name", s.name());
            if (i % 2 == 0) {
                j.put("kind", s.kind().ordinal());
                j.put("startTimeUnixNano", Long.toString(s.startNanos()));
                j.put("endTimeUnixNano", s.endNanos());
            } else {
                j.put("kind", "SPAN_KIND_" + s.kind().name());
                j.put("startTimeUnixNano", s.startNanos());
                j.put("endTimeUnixNano", Long.toString(s.endNanos()));
            }
            if (s.error()) {
                j.putObject("status").put("code", i % 2 == 0 ? "STATUS_CODE_ERROR" : "2");
            }
            ArrayNode attrs = j.putArray("attributes");
            int k = 0;
            for (Map.Entry<String, Object> e : s.attributes().entrySet()) {
                ObjectNode a = attrs.addObject();
                a.put("key", e.getKey());
                ObjectNode v = a.putObject("value");
                Object val = e.getValue();
                if (val instanceof Long l) {
                    if (k++ % 2 == 0) {
                        v.put("intValue", Long.toString(l));
                    } else {
                        v.put("intValue", l);
                    }
                } else if (val instanceof Double d) {
                    v.put("doubleValue", d);
                } else if (val instanceof Boolean b) {
                    v.put("boolValue", b);
                } else {
                    v.put("stringValue", val.toString());
                }
            }
            i++;
        }
        return root.toString();
    }
}
