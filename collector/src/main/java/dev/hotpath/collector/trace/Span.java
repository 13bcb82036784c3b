package dev.hotpath.collector.trace;

import java.util.Map;

/**
 * One span as received, after {@link SpanNormalizer} mapped foreign attribute names onto the ones
 * hotpath reads ({@link Attr}). Immutable; {@code parentSpanId} is null for a root.
 */
public record Span(
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        SpanKind kind,
        long startEpochNanos,
        long endEpochNanos,
        boolean error,
        String service,
        SpanType type,
        Map<String, Object> attributes) {

    public Span {
        attributes = Map.copyOf(attributes);
    }

    public long durationNanos() {
        return Math.max(0, endEpochNanos - startEpochNanos);
    }

    public String stringAttr(String key) {
        Object v = attributes.get(key);
        return v == null ? null : v.toString();
    }

    /** True for a boolean true or the string "true". */
    public boolean flag(String key) {
        Object v = attributes.get(key);
        return Boolean.TRUE.equals(v) || "true".equals(v);
    }

    public Long longAttr(String key) {
        Object v = attributes.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public boolean isDb() {
        return type == SpanType.DB;
    }

    /** SQL fingerprint (16 hex), present on DB spans with a statement. */
    public String fingerprint() {
        return stringAttr(Attr.DB_FINGERPRINT);
    }

    public String statement() {
        return stringAttr(Attr.DB_QUERY_TEXT);
    }

    public String dbSystem() {
        return stringAttr(Attr.DB_SYSTEM_NAME);
    }
}
