package dev.hotpath.collector.trace;

import dev.hotpath.http.RouteTemplate;

import dev.hotpath.sql.SanitizedSql;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where foreign conventions are mapped onto hotpath's: after this, every reader uses
 * the current semantic-convention names ({@code db.query.text}, {@code http.request.method}, ...),
 * DB spans carry {@code hotpath.db.fingerprint}, and raw foreign SQL (which may hold literals) is
 * replaced by its sanitized text so it never reaches a file.
 */
public final class SpanNormalizer {

    private SpanNormalizer() {
    }

    public static Span normalize(String traceId, String spanId, String parentSpanId, String name, SpanKind kind,
                                 long startEpochNanos, long endEpochNanos, boolean statusError,
                                 Map<String, Object> resourceAttributes, Map<String, Object> spanAttributes) {
        Object svc = resourceAttributes.get(Attr.SERVICE_NAME);
        String service = svc == null ? "unknown_service" : svc.toString();
        Map<String, Object> a;
        SpanType type;
        if (alreadyCurrent(kind, spanAttributes)) {
            a = spanAttributes; // nothing to map or sanitize (the hotpath agent's spans): no copy
            type = classify(kind, a);
        } else {
            a = new LinkedHashMap<>(spanAttributes);
            moveIfAbsent(a, Attr.HTTP_METHOD_OLD, Attr.HTTP_METHOD);
            moveIfAbsent(a, Attr.HTTP_STATUS_OLD, Attr.HTTP_STATUS);
            moveIfAbsent(a, Attr.DB_SYSTEM_OLD, Attr.DB_SYSTEM_NAME);
            moveIfAbsent(a, Attr.CODE_FILE_OLD, Attr.CODE_FILE);
            moveIfAbsent(a, Attr.CODE_LINE_OLD, Attr.CODE_LINE);
            if (!a.containsKey(Attr.CODE_FUNCTION) && a.containsKey(Attr.CODE_FUNCTION_OLD)) {
                Object ns = a.get(Attr.CODE_NAMESPACE_OLD);
                Object fn = a.remove(Attr.CODE_FUNCTION_OLD);
                a.put(Attr.CODE_FUNCTION, ns == null ? fn.toString() : ns + "." + fn);
            }
            type = classify(kind, a);
            if (type == SpanType.DB) {
                normalizeDb(a);
            }
        }
        boolean error = statusError;
        if (type == SpanType.SERVER && !error) {
            Object status = a.get(Attr.HTTP_STATUS);
            error = status instanceof Number n && n.intValue() >= 500;
        }
        if (parentSpanId != null && parentSpanId.isEmpty()) {
            parentSpanId = null;
        }
        return new Span(traceId, spanId, parentSpanId, name, kind, startEpochNanos, endEpochNanos, error,
                service, type, a);
    }

    /**
     * True when the attributes use only current names and a DB span already carries a well-formed fingerprint
     * (so its text is sanitized): the mapping below would change nothing.
     */
    private static boolean alreadyCurrent(SpanKind kind, Map<String, Object> a) {
        if (a.containsKey(Attr.HTTP_METHOD_OLD) || a.containsKey(Attr.HTTP_STATUS_OLD) || a.containsKey(Attr.DB_SYSTEM_OLD)
                || a.containsKey(Attr.CODE_FILE_OLD) || a.containsKey(Attr.CODE_LINE_OLD) || a.containsKey(Attr.CODE_FUNCTION_OLD)
                || a.containsKey(Attr.DB_STATEMENT_OLD)) {
            return false;
        }
        if (classify(kind, a) != SpanType.DB) {
            return true;
        }
        return isFingerprint(a.get(Attr.DB_FINGERPRINT));
    }

    /** 16 lower-case hex digits, as hotpath-common makes them. */
    private static boolean isFingerprint(Object v) {
        if (!(v instanceof String s) || s.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static SpanType classify(SpanKind kind, Map<String, Object> a) {
        Object declared = a.get(Attr.HOTPATH_SPAN_TYPE);
        if (declared != null) {
            SpanType t = SpanType.fromWireName(declared.toString());
            if (t != null) {
                return t;
            }
        }
        if (a.containsKey(Attr.DB_SYSTEM_NAME) || a.containsKey(Attr.DB_QUERY_TEXT) || a.containsKey(Attr.DB_STATEMENT_OLD)) {
            return kind == SpanKind.SERVER ? SpanType.SERVER : SpanType.DB;
        }
        if (kind == SpanKind.SERVER) {
            return SpanType.SERVER;
        }
        if (kind == SpanKind.CLIENT && a.containsKey(Attr.HTTP_METHOD)) {
            return SpanType.HTTP_CLIENT;
        }
        return SpanType.OTHER;
    }

    private static void normalizeDb(Map<String, Object> a) {
        Object rawOld = a.remove(Attr.DB_STATEMENT_OLD);
        Object text = a.get(Attr.DB_QUERY_TEXT);
        if (text == null && rawOld != null) {
            text = rawOld;
        }
        Object given = a.get(Attr.DB_FINGERPRINT);
        boolean haveFingerprint = given != null && isFingerprint(given.toString());
        if (!haveFingerprint) {
            a.remove(Attr.DB_FINGERPRINT); // not ours (wrong shape): recompute below
        }
        if (text == null) {
            return;
        }
        if (haveFingerprint && rawOld == null) {
            return; // hotpath agent: text is already sanitized and fingerprinted
        }
        SanitizedSql s = SqlFingerprints.sanitize(text.toString());
        if (s == null) {
            a.remove(Attr.DB_QUERY_TEXT); // unsanitizable text must not reach a file
            return;
        }
        a.put(Attr.DB_QUERY_TEXT, s.text());
        if (!haveFingerprint) {
            a.put(Attr.DB_FINGERPRINT, s.fingerprint().toLowerCase(Locale.ROOT));
        }
        if (!a.containsKey(Attr.DB_OPERATION) && s.operation() != null) {
            a.put(Attr.DB_OPERATION, s.operation());
        }
    }

    private static void moveIfAbsent(Map<String, Object> a, String from, String to) {
        Object v = a.remove(from);
        if (v != null && !a.containsKey(to)) {
            a.put(to, v);
        }
    }

    /** Endpoint of a root span: method + route, with the fallbacks of WIRE.md. */
    public static Endpoint endpointOf(Span root) {
        String method = root.stringAttr(Attr.HTTP_METHOD);
        String route = root.stringAttr(Attr.HTTP_ROUTE);
        if (route == null || route.isBlank()) {
            String p = firstNonNull(root.stringAttr(Attr.URL_PATH), root.stringAttr(Attr.HTTP_TARGET_OLD),
                    root.stringAttr(Attr.URL_FULL), root.stringAttr(Attr.HTTP_URL_OLD));
            route = p == null ? null : RouteTemplate.fromPath(p);
        }
        if (method == null) {
            return new Endpoint(Endpoint.NON_HTTP_METHOD, route != null ? route : root.name());
        }
        return new Endpoint(method.toUpperCase(Locale.ROOT), route != null ? route : root.name());
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
