package dev.hotpath.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanNormalizer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP protobuf: ExportTraceServiceRequest bytes -> spans, read field by field off the wire
 * (opentelemetry-proto's field numbers) instead of building the generated message tree first: the message
 * objects cost more than everything else the collector does with a span. Repeated text comes out shared
 * ({@link RepeatedStrings}); so do the trace id and parent id strings of consecutive spans of one trace.
 * Same contract as the generated parser: unknown fields skipped, proto3 last-one-wins for repeated scalars,
 * strict UTF-8, truncation and bad wire types refused as malformed.
 */
final class OtlpProtobufDecoder {
    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
    private static final int MAX_VALUE_DEPTH = 32; // nested arrays / kvlists in attribute values
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private final byte[] body;
    private final List<Span> out = new ArrayList<>();
    // the ids of the previous span: spans of one trace arrive together and share trace and parent ids
    private int lastTraceOff = -1;
    private String lastTraceId;
    private int lastParentOff = -1;
    private String lastParentId;
    private int base; // body offset of the stream being read

    private OtlpProtobufDecoder(byte[] body) {
        this.body = body;
    }

    static List<Span> decode(byte[] body) throws RejectedRequest {
        OtlpProtobufDecoder d = new OtlpProtobufDecoder(body);
        try {
            d.request();
        } catch (CharacterCodingException e) {
            throw RejectedRequest.malformed("malformed protobuf ExportTraceServiceRequest: a string field is not valid UTF-8");
        } catch (IOException e) {
            throw RejectedRequest.malformed("malformed protobuf ExportTraceServiceRequest: " + e.getMessage());
        }
        return d.out;
    }

    /** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; } */
    private void request() throws IOException, RejectedRequest {
        CodedInputStream in = CodedInputStream.newInstance(body);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                int len = in.readRawVarint32();
                int off = skip(in, checkLength(len));
                resourceSpans(off, len);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }: the resource may come last. */
    private void resourceSpans(int off, int len) throws IOException, RejectedRequest {
        int outer = base;
        base = off;
        CodedInputStream in = CodedInputStream.newInstance(body, off, len);
        Map<String, Object> resource = null;
        int[] scopes = new int[8];
        int n = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                int l = in.readRawVarint32();
                int limit = in.pushLimit(checkLength(l));
                resource = resource(in, resource);
                in.popLimit(limit);
            } else if (tag == tag(2, LEN)) {
                int l = in.readRawVarint32();
                if (n + 2 > scopes.length) {
                    scopes = Arrays.copyOf(scopes, scopes.length * 2);
                }
                scopes[n++] = position(in);
                scopes[n++] = l;
                in.skipRawBytes(checkLength(l));
            } else {
                in.skipField(tag);
            }
        }
        Map<String, Object> attrs = resource == null ? Map.of() : resource;
        for (int i = 0; i < n; i += 2) {
            scopeSpans(scopes[i], scopes[i + 1], attrs);
        }
        base = outer;
    }

    /** Resource { repeated KeyValue attributes = 1; } (merged when the field repeats, as protobuf does). */
    private Map<String, Object> resource(CodedInputStream in, Map<String, Object> into) throws IOException, RejectedRequest {
        Map<String, Object> attrs = into == null ? new LinkedHashMap<>() : into;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                keyValue(in, attrs, 0);
            } else {
                in.skipField(tag);
            }
        }
        return attrs;
    }

    /** ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; } */
    private void scopeSpans(int off, int len, Map<String, Object> resource) throws IOException, RejectedRequest {
        int outer = base;
        base = off;
        CodedInputStream in = CodedInputStream.newInstance(body, off, len);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(2, LEN)) {
                int l = in.readRawVarint32();
                int limit = in.pushLimit(checkLength(l));
                span(in, resource);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        base = outer;
    }

    /** Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, start 7, end 8, attributes 9, status 15. */
    private void span(CodedInputStream in, Map<String, Object> resource) throws IOException, RejectedRequest {
        int traceOff = -1;
        int traceLen = 0;
        int spanOff = -1;
        int spanLen = 0;
        int parentOff = -1;
        int parentLen = 0;
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        boolean error = false;
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | LEN -> {
                    traceLen = checkLength(in.readRawVarint32());
                    traceOff = skip(in, traceLen);
                }
                case (2 << 3) | LEN -> {
                    spanLen = checkLength(in.readRawVarint32());
                    spanOff = skip(in, spanLen);
                }
                case (4 << 3) | LEN -> {
                    parentLen = checkLength(in.readRawVarint32());
                    parentOff = skip(in, parentLen);
                }
                case (5 << 3) | LEN -> name = string(in);
                case (6 << 3) | VARINT -> kind = in.readEnum();
                case (7 << 3) | FIXED64 -> start = in.readFixed64();
                case (8 << 3) | FIXED64 -> end = in.readFixed64();
                case (9 << 3) | LEN -> keyValue(in, attrs, 0);
                case (15 << 3) | LEN -> error = statusIsError(in);
                default -> in.skipField(tag);
            }
        }
        String traceId = traceId(traceOff, traceLen, name);
        String spanId = hexId(spanOff, spanLen, 8, "spanId", name);
        String parent = parentLen == 0 ? null : parentId(parentOff, parentLen, name);
        out.add(SpanNormalizer.normalize(traceId, spanId, parent, name, SpanKind.fromOtlpNumber(kind), start, end, error,
                resource, attrs));
    }

    /** Status { string message = 2; StatusCode code = 3; } (ERROR = 2). */
    private static boolean statusIsError(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(checkLength(in.readRawVarint32()));
        int code = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(3, VARINT)) {
                code = in.readEnum();
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return code == 2;
    }

    /** KeyValue { string key = 1; AnyValue value = 2; }: put into {@code attrs} when the value is set. */
    private void keyValue(CodedInputStream in, Map<String, Object> attrs, int depth) throws IOException, RejectedRequest {
        int limit = in.pushLimit(checkLength(in.readRawVarint32()));
        String key = "";
        Object value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                key = string(in);
            } else if (tag == tag(2, LEN)) {
                value = anyValue(in, depth);
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
        if (value != null) {
            attrs.put(key, value);
        }
    }

    /** AnyValue oneof: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7 (the last one set wins). */
    private Object anyValue(CodedInputStream in, int depth) throws IOException, RejectedRequest {
        if (depth >= MAX_VALUE_DEPTH) {
            throw new InvalidProtocolBufferException("attribute values nested more than " + MAX_VALUE_DEPTH + " deep");
        }
        int limit = in.pushLimit(checkLength(in.readRawVarint32()));
        Object value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | LEN -> value = string(in);
                case (2 << 3) | VARINT -> value = in.readBool();
                case (3 << 3) | VARINT -> value = in.readInt64();
                case (4 << 3) | FIXED64 -> value = in.readDouble();
                case (5 << 3) | LEN -> value = arrayValue(in, depth + 1);
                case (6 << 3) | LEN -> value = kvList(in, depth + 1);
                case (7 << 3) | LEN -> value = Base64.getEncoder().encodeToString(in.readByteArray());
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return value;
    }

    /** ArrayValue { repeated AnyValue values = 1; } (an unset item is kept as null, as before). */
    private List<Object> arrayValue(CodedInputStream in, int depth) throws IOException, RejectedRequest {
        int limit = in.pushLimit(checkLength(in.readRawVarint32()));
        List<Object> list = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                list.add(anyValue(in, depth));
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return list;
    }

    /** KeyValueList { repeated KeyValue values = 1; } */
    private Map<String, Object> kvList(CodedInputStream in, int depth) throws IOException, RejectedRequest {
        int limit = in.pushLimit(checkLength(in.readRawVarint32()));
        Map<String, Object> map = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == tag(1, LEN)) {
                keyValue(in, map, depth);
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return map;
    }

    private String string(CodedInputStream in) throws IOException {
        int len = checkLength(in.readRawVarint32());
        int off = skip(in, len);
        return RepeatedStrings.get(body, off, len);
    }

    /** Where {@code in} is in the body: streams over a part of it count from that part's start. */
    private int position(CodedInputStream in) {
        return base + in.getTotalBytesRead();
    }

    /** Skips {@code len} bytes (refusing a truncated field) and returns where they start in the body. */
    private int skip(CodedInputStream in, int len) throws IOException {
        int off = position(in);
        in.skipRawBytes(len);
        return off;
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    private static int checkLength(int len) throws InvalidProtocolBufferException {
        if (len < 0) {
            throw new InvalidProtocolBufferException("negative length");
        }
        return len;
    }

    private String traceId(int off, int len, String name) throws RejectedRequest {
        if (len == 16 && lastTraceOff >= 0 && Arrays.equals(body, off, off + 16, body, lastTraceOff, lastTraceOff + 16)) {
            return lastTraceId;
        }
        String id = hexId(off, len, 16, "traceId", name);
        lastTraceOff = off;
        lastTraceId = id;
        return id;
    }

    private String parentId(int off, int len, String name) throws RejectedRequest {
        if (len == 8 && lastParentOff >= 0 && Arrays.equals(body, off, off + 8, body, lastParentOff, lastParentOff + 8)) {
            return lastParentId;
        }
        String id = hexId(off, len, 8, "parentSpanId", name);
        lastParentOff = off;
        lastParentId = id;
        return id;
    }

    private String hexId(int off, int len, int expected, String field, String spanName) throws RejectedRequest {
        if (len != expected) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " must be " + expected + " bytes, got " + len);
        }
        byte[] hex = new byte[2 * len];
        boolean zero = true;
        for (int i = 0; i < len; i++) {
            int b = body[off + i] & 0xff;
            zero &= b == 0;
            hex[2 * i] = HEX_DIGITS[b >>> 4];
            hex[2 * i + 1] = HEX_DIGITS[b & 0xf];
        }
        if (zero) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " is all zeros");
        }
        return new String(hex, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
