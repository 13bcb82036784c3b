package dev.hotpath.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanNormalizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OTLP/HTTP JSON (not protobuf's canonical JSON): ids are hex strings, int64 may be a string or a
 * number, enums a number or a name, field names lowerCamelCase.
 */
final class OtlpJsonDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OtlpJsonDecoder() {
    }

    static List<Span> decode(byte[] body) throws RejectedRequest {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw RejectedRequest.malformed("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RejectedRequest.malformed("unreadable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw RejectedRequest.malformed("OTLP JSON body must be an object with resourceSpans");
        }
        List<Span> out = new ArrayList<>();
        LastIds ids = new LastIds();
        for (JsonNode rs : array(root, "resourceSpans")) {
            Map<String, Object> resource = attributes(rs.path("resource").path("attributes"));
            JsonNode scopes = rs.has("scopeSpans") ? rs.get("scopeSpans") : rs.path("instrumentationLibrarySpans");
            for (JsonNode ss : iterable(scopes, "scopeSpans")) {
                for (JsonNode s : array(ss, "spans")) {
                    out.add(span(s, resource, ids));
                }
            }
        }
        return out;
    }

    /** The previous span's trace and parent ids: the spans of one trace share one instance of each. */
    private static final class LastIds {
        String traceId;
        String parentId;

        String trace(String id) {
            return id.equals(traceId) ? traceId : (traceId = id);
        }

        String parent(String id) {
            return id == null ? null : id.equals(parentId) ? parentId : (parentId = id);
        }
    }

    private static Span span(JsonNode s, Map<String, Object> resource, LastIds ids) throws RejectedRequest {
        String name = RepeatedStrings.intern(s.path("name").asText(""));
        JsonNode status = s.path("status").path("code");
        boolean error = status.isNumber() ? status.asInt() == 2
                : status.isTextual() && (status.asText().trim().equals("2")
                        || status.asText().toUpperCase(Locale.ROOT).endsWith("ERROR"));
        String parent = s.path("parentSpanId").asText("");
        return SpanNormalizer.normalize(
                ids.trace(hexId(s.path("traceId"), 32, "traceId", name)),
                hexId(s.path("spanId"), 16, "spanId", name),
                ids.parent(parent.isEmpty() ? null : hexId(s.path("parentSpanId"), 16, "parentSpanId", name)),
                name,
                kind(s.path("kind")),
                int64(s.path("startTimeUnixNano"), "startTimeUnixNano", name),
                int64(s.path("endTimeUnixNano"), "endTimeUnixNano", name),
                error,
                resource,
                attributes(s.path("attributes")));
    }

    private static SpanKind kind(JsonNode k) {
        if (k.isNumber()) {
            return SpanKind.fromOtlpNumber(k.asInt());
        }
        if (k.isTextual()) {
            String t = k.asText();
            if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
                try {
                    return SpanKind.fromOtlpNumber(Integer.parseInt(t));
                } catch (NumberFormatException ignored) {
                    return SpanKind.UNSPECIFIED;
                }
            }
            return SpanKind.fromOtlpName(t);
        }
        return SpanKind.UNSPECIFIED;
    }

    private static String hexId(JsonNode node, int hexLength, String field, String spanName) throws RejectedRequest {
        String v = node.asText("");
        if (v.length() != hexLength || !isHex(v)) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " must be " + hexLength
                    + " hex chars (OTLP JSON uses hex, not base64)");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.chars().allMatch(c -> c == '0')) {
            throw RejectedRequest.malformed("span '" + spanName + "': " + field + " is all zeros");
        }
        return lower;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long int64(JsonNode n, String field, String spanName) throws RejectedRequest {
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw RejectedRequest.malformed("span '" + spanName + "': " + field + " must be an int64 (string or number)");
    }

    private static Map<String, Object> attributes(JsonNode list) throws RejectedRequest {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!list.isArray()) {
            return out;
        }
        for (JsonNode kv : list) {
            String key = kv.path("key").asText(null);
            key = key == null ? null : RepeatedStrings.intern(key);
            if (key == null) {
                throw RejectedRequest.malformed("attribute without a key");
            }
            Object v = value(kv.path("value"));
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    private static Object value(JsonNode v) throws RejectedRequest {
        if (v.has("stringValue")) {
            return RepeatedStrings.intern(v.get("stringValue").asText());
        }
        if (v.has("boolValue")) {
            return v.get("boolValue").asBoolean();
        }
        if (v.has("intValue")) {
            JsonNode i = v.get("intValue");
            if (i.isIntegralNumber()) {
                return i.asLong();
            }
            try {
                return Long.parseLong(i.asText().trim());
            } catch (NumberFormatException e) {
                throw RejectedRequest.malformed("intValue must be an int64 (string or number)");
            }
        }
        if (v.has("doubleValue")) {
            JsonNode d = v.get("doubleValue");
            return d.isNumber() ? d.asDouble() : parseDouble(d.asText());
        }
        if (v.has("bytesValue")) {
            return v.get("bytesValue").asText();
        }
        if (v.has("arrayValue")) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : iterable(v.get("arrayValue").path("values"), "values")) {
                list.add(value(item));
            }
            return list;
        }
        if (v.has("kvlistValue")) {
            return attributes(v.get("kvlistValue").path("values"));
        }
        return null;
    }

    private static double parseDouble(String s) throws RejectedRequest {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw RejectedRequest.malformed("doubleValue must be a number");
        }
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) throws RejectedRequest {
        return iterable(parent.path(field), field);
    }

    private static Iterable<JsonNode> iterable(JsonNode n, String field) throws RejectedRequest {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw RejectedRequest.malformed("'" + field + "' must be an array");
        }
        return n;
    }
}
