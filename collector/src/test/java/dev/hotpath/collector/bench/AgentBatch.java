package dev.hotpath.collector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One export batch as the hotpath agent sends it (whole traces until 512 spans: 23 traces here), each trace a
 * request of a DB-heavy service: a SERVER span, a connection acquire, 20 statements (an N+1 of 18 with the
 * code pointer the agent adds to repeats, plus 2 others) and one outbound HTTP call; attributes and resource as
 * {@code SpanDataFactory} writes them. Encoded once as protobuf and as OTLP JSON; {@link #renew} rewrites the
 * trace ids in place so every post is new traces (repeated ids would be counted as late spans).
 */
public final class AgentBatch {
    public static final int TRACES = 23;
    public static final int SPANS_PER_TRACE = 23;
    public static final int SPANS = TRACES * SPANS_PER_TRACE;
    private static final HexFormat HEX = HexFormat.of();
    private static final long EPOCH_NANOS = 1_764_220_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final byte[] body;
    private final int[] idOffsets; // where each trace id's low 8 bytes (protobuf) or last 16 hex chars (JSON) start
    private final boolean json;
    private long sequence;

    private AgentBatch(byte[] body, int[] idOffsets, boolean json, long firstSequence) {
        this.body = body;
        this.idOffsets = idOffsets;
        this.json = json;
        this.sequence = firstSequence;
    }

    /** {@code json}: OTLP JSON as OpenTelemetry SDKs write it (hex ids, int64 as strings), else protobuf. */
    public static AgentBatch create(boolean json, long firstSequence) {
        List<TraceSpec> traces = new ArrayList<>();
        for (int t = 0; t < TRACES; t++) {
            traces.add(new TraceSpec(traceId(t, firstSequence), EPOCH_NANOS + t * 3 * MS, 1000 + t, "/owners/{id}"));
        }
        byte[] body = json ? json(traces) : protobuf(traces).toByteArray();
        List<Integer> offsets = new ArrayList<>();
        for (TraceSpec t : traces) {
            byte[] pattern = json ? t.traceId.substring(16).getBytes(StandardCharsets.US_ASCII) : HEX.parseHex(t.traceId.substring(16));
            for (int i = indexOf(body, pattern, 0); i >= 0; i = indexOf(body, pattern, i + 1)) {
                offsets.add(i);
            }
        }
        if (offsets.size() != SPANS) {
            throw new IllegalStateException("found " + offsets.size() + " trace ids in the body, expected " + SPANS);
        }
        return new AgentBatch(body, offsets.stream().mapToInt(Integer::intValue).toArray(), json, firstSequence + 1);
    }

    public boolean json() {
        return json;
    }

    /** The body, with new trace ids after each {@link #renew()}. */
    public byte[] body() {
        return body;
    }

    /** Gives every trace of the batch a new id (the same spans otherwise). */
    public void renew() {
        long seq = sequence++;
        int perTrace = SPANS_PER_TRACE;
        for (int t = 0; t < TRACES; t++) {
            long low = low(t, seq);
            for (int k = 0; k < perTrace; k++) {
                int at = idOffsets[t * perTrace + k];
                if (json) {
                    writeHex(low, at);
                } else {
                    for (int b = 0; b < 8; b++) {
                        body[at + b] = (byte) (low >>> (56 - 8 * b));
                    }
                }
            }
        }
    }

    private void writeHex(long v, int at) {
        for (int i = 15; i >= 0; i--) {
            body[at + i] = (byte) Character.forDigit((int) (v & 0xf), 16);
            v >>>= 4;
        }
    }

    private static long low(int trace, long sequence) {
        return (sequence << 8) | trace | (1L << 63); // unique per (batch, trace); never all zeros
    }

    private static String traceId(int trace, long sequence) {
        return String.format("%016x%016x", 0x5eed_0000_0000_0000L | trace, low(trace, sequence));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One request trace: ids and timing; the shape is fixed. */
    record TraceSpec(String traceId, long startNanos, int ownerId, String route) {
    }

    /** One request trace of the same shape on {@code route}, as a protobuf body: what the agent posts for one kept request. */
    public static byte[] oneTrace(String traceIdHex, String route, long startEpochNanos) {
        return protobuf(List.of(new TraceSpec(traceIdHex, startEpochNanos, 7, route))).toByteArray();
    }

    /** A span before encoding: attributes in the agent's order, values String, Long or Boolean. */
    record SpanSpec(String spanId, String parentSpanId, String name, int kind, long start, long end,
                    Map<String, Object> attributes) {
    }

    static List<SpanSpec> spans(TraceSpec t, int traceIndex) {
        List<SpanSpec> out = new ArrayList<>();
        String root = spanId(traceIndex, 0);
        long start = t.startNanos;
        long cursor = start + 200_000;
        Map<String, Object> acquire = new LinkedHashMap<>();
        acquire.put("hotpath.span.type", "db.connection.acquire");
        acquire.put("db.client.connection.pool.name", "shop-pool");
        acquire.put("db.system.name", "h2");
        out.add(new SpanSpec(spanId(traceIndex, 1), root, "db.connection.acquire", 3, cursor, cursor + 30_000, acquire));
        cursor += 40_000;
        for (int q = 0; q < 20; q++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("hotpath.span.type", "db");
            a.put("db.system.name", "h2");
            String name;
            if (q == 0) {
                a.put("db.query.text", "select o.id, o.name, o.city from owners o where o.id = ?");
                a.put("db.operation.name", "SELECT");
                a.put("hotpath.db.fingerprint", "3c9e1f0a7b2d4e65");
                a.put("db.namespace", "shop");
                a.put("db.collection.name", "owners");
                name = "SELECT owners";
            } else if (q == 19) {
                a.put("db.query.text", "update owners set last_seen = ? where id = ?");
                a.put("db.operation.name", "UPDATE");
                a.put("hotpath.db.fingerprint", "81d04c2e9f6a3b17");
                a.put("db.namespace", "shop");
                a.put("db.collection.name", "owners");
                name = "UPDATE owners";
            } else {
                a.put("db.query.text", "select p.id, p.name, p.birth_date, p.type_id from pets p where p.owner_id = ?");
                a.put("db.operation.name", "SELECT");
                a.put("hotpath.db.fingerprint", "9f2c0d4e1a7b3c55");
                a.put("db.namespace", "shop");
                a.put("db.collection.name", "pets");
                a.put("code.function.name", "dev.hotpath.examples.shop.OwnerRepository.petsOf");
                a.put("code.file.path", "OwnerRepository.java");
                a.put("code.line.number", 87L);
                name = "SELECT pets";
            }
            out.add(new SpanSpec(spanId(traceIndex, 2 + q), root, name, 3, cursor, cursor + 35_000 + 1_000L * (q % 7), a));
            cursor += 50_000;
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("hotpath.span.type", "http.client");
        http.put("http.request.method", "GET");
        http.put("url.template", "/prices/{id}");
        http.put("server.address", "pricing.internal");
        http.put("server.port", 8080L);
        http.put("http.response.status_code", 200L);
        http.put("http.response.body.size", 412L);
        out.add(new SpanSpec(spanId(traceIndex, 22), root, "GET /prices/{id}", 3, cursor, cursor + 400_000, http));
        cursor += 450_000;
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("hotpath.span.type", "server");
        server.put("http.request.method", "GET");
        server.put("http.route", t.route);
        server.put("url.path", t.route.replace("{id}", Integer.toString(t.ownerId)));
        server.put("http.response.status_code", 200L);
        server.put("hotpath.keep.reason", "suspicious");
        out.add(0, new SpanSpec(root, null, "GET " + t.route, 2, start, cursor + 100_000, server));
        return out;
    }

    private static String spanId(int trace, int span) {
        return String.format("%016x", 0x1000_0000_0000_0000L | ((long) trace << 16) | span);
    }

    private static List<KeyValue> resource() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("service.name", "shop");
        r.put("service.instance.id", "shop-host-1-4f2a");
        r.put("telemetry.sdk.name", "hotpath");
        r.put("telemetry.sdk.language", "java");
        r.put("telemetry.sdk.version", "0.1.0");
        List<KeyValue> out = new ArrayList<>();
        r.forEach((k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build()));
        return out;
    }

    static ExportTraceServiceRequest protobuf(List<TraceSpec> traces) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("dev.hotpath.agent").setVersion("0.1.0"));
        for (int t = 0; t < traces.size(); t++) {
            ByteString traceId = ByteString.copyFrom(HEX.parseHex(traces.get(t).traceId));
            for (SpanSpec s : spans(traces.get(t), t)) {
                Span.Builder b = Span.newBuilder()
                        .setTraceId(traceId)
                        .setSpanId(ByteString.copyFrom(HEX.parseHex(s.spanId)))
                        .setName(s.name)
                        .setKindValue(s.kind)
                        .setStartTimeUnixNano(s.start)
                        .setEndTimeUnixNano(s.end)
                        .setStatus(Status.getDefaultInstance());
                if (s.parentSpanId != null) {
                    b.setParentSpanId(ByteString.copyFrom(HEX.parseHex(s.parentSpanId)));
                }
                s.attributes.forEach((k, v) -> b.addAttributes(KeyValue.newBuilder().setKey(k).setValue(any(v))));
                scope.addSpans(b);
            }
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource())).addScopeSpans(scope)).build();
    }

    private static AnyValue any(Object v) {
        if (v instanceof Long l) {
            return AnyValue.newBuilder().setIntValue(l).build();
        }
        if (v instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        return AnyValue.newBuilder().setStringValue(v.toString()).build();
    }

    static byte[] json(List<TraceSpec> traces) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        ArrayNode resAttrs = rs.putObject("resource").putArray("attributes");
        for (KeyValue kv : resource()) {
            ObjectNode a = resAttrs.addObject();
            a.put("key", kv.getKey());
            a.putObject("value").put("stringValue", kv.getValue().getStringValue());
        }
        ObjectNode scope = rs.putArray("scopeSpans").addObject();
        scope.putObject("scope").put("name", "dev.hotpath.agent").put("version", "0.1.0");
        ArrayNode spans = scope.putArray("spans");
        for (int t = 0; t < traces.size(); t++) {
            for (SpanSpec s : spans(traces.get(t), t)) {
                ObjectNode j = spans.addObject();
                j.put("traceId", traces.get(t).traceId);
                j.put("spanId", s.spanId);
                if (s.parentSpanId != null) {
                    j.put("parentSpanId", s.parentSpanId);
                }
                j.put("name", s.name);
                j.put("kind", s.kind);
                j.put("startTimeUnixNano", Long.toString(s.start));
                j.put("endTimeUnixNano", Long.toString(s.end));
                ArrayNode attrs = j.putArray("attributes");
                s.attributes.forEach((k, v) -> {
                    ObjectNode a = attrs.addObject();
                    a.put("key", k);
                    ObjectNode value = a.putObject("value");
                    if (v instanceof Long l) {
                        value.put("intValue", Long.toString(l));
                    } else if (v instanceof Boolean b) {
                        value.put("boolValue", b);
                    } else {
                        value.put("stringValue", v.toString());
                    }
                });
                j.putObject("status");
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
