package dev.hotpath.collector.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanNormalizer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP/HTTP protobuf: ExportTraceServiceRequest bytes -> spans. */
final class OtlpProtobufDecoder {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpProtobufDecoder() {
    }

    static List<Span> decode(byte[] body) throws RejectedRequest {
        ExportTraceServiceRequest req;
        try {
            req = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw RejectedRequest.malformed("malformed protobuf ExportTraceServiceRequest: " + e.getMessage());
        }
        List<Span> out = new ArrayList<>();
        for (ResourceSpans rs : req.getResourceSpansList()) {
            Map<String, Object> resource = attributes(rs.hasResource() ? rs.getResource() : Resource.getDefaultInstance());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    out.add(SpanNormalizer.normalize(
                            id(s.getTraceId(), 16, "traceId", s.getName()),
                            id(s.getSpanId(), 8, "spanId", s.getName()),
                            s.getParentSpanId().isEmpty() ? null : id(s.getParentSpanId(), 8, "parentSpanId", s.getName()),
                            s.getName(),
                            SpanKind.fromOtlpNumber(s.getKindValue()),
                            s.getStartTimeUnixNano(),
                            s.getEndTimeUnixNano(),
                            s.hasStatus() && s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            resource,
                            attributes(s.getAttributesList())));
                }
            }
        }
        return out;
    }

    private static String id(ByteString bytes, int length, String field, String spanName) throws RejectedRequest {
        if (bytes.size() != length) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " must be " + length + " bytes, got " + bytes.size());
        }
        String hex = HEX.formatHex(bytes.toByteArray());
        if (hex.chars().allMatch(c -> c == '0')) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " is all zeros");
        }
        return hex;
    }

    private static Map<String, Object> attributes(Resource r) {
        return attributes(r.getAttributesList());
    }

    private static Map<String, Object> attributes(List<KeyValue> kvs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            Object v = value(kv.getValue());
            if (v != null) {
                out.put(kv.getKey(), v);
            }
        }
        return out;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>();
                for (AnyValue item : v.getArrayValue().getValuesList()) {
                    list.add(value(item));
                }
                yield list;
            }
            case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
            default -> null;
        };
    }
}
