package dev.hotpath.collector.detect;

import dev.hotpath.collector.trace.Attr;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanType;
import dev.hotpath.http.RouteTemplate;
import java.net.URI;
import java.util.Locale;

/**
 * Where an outbound HTTP call goes: method + server.address:port + url.template. Foreign SDKs without
 * a template get the url.full path normalised by {@link RouteTemplate}, so /items/1 and /items/2 are one route.
 */
public record DependencyRoute(String method, String authority, String template) {

    /** The route of an {@code http.client} span; null for other spans. */
    public static DependencyRoute of(Span s) {
        if (s.type() != SpanType.HTTP_CLIENT) {
            return null;
        }
        String method = s.stringAttr(Attr.HTTP_METHOD);
        String host = first(s.stringAttr(Attr.SERVER_ADDRESS), s.stringAttr(Attr.NET_PEER_NAME_OLD));
        Long port = s.longAttr(Attr.SERVER_PORT) != null ? s.longAttr(Attr.SERVER_PORT) : s.longAttr(Attr.NET_PEER_PORT_OLD);
        String template = s.stringAttr(Attr.URL_TEMPLATE);
        String url = first(s.stringAttr(Attr.URL_FULL), s.stringAttr(Attr.HTTP_URL_OLD));
        if (url != null && (host == null || template == null)) {
            try {
                URI u = URI.create(url);
                if (host == null) {
                    host = u.getHost();
                }
                if (port == null && u.getPort() > 0) {
                    port = (long) u.getPort();
                }
            } catch (IllegalArgumentException e) {
                // unparsable URL: keep what the attributes gave
            }
            if (template == null) {
                template = RouteTemplate.fromPath(url);
            }
        }
        if (host == null && template == null) {
            return null;
        }
        String authority = (host == null ? "unknown" : host.toLowerCase(Locale.ROOT)) + (port == null ? "" : ":" + port);
        return new DependencyRoute(method == null ? "GET" : method.toUpperCase(Locale.ROOT), authority,
                template == null ? "/" : template);
    }

    /** The key a route is grouped and identified by, e.g. {@code GET inventory:8081/items/{id}}. */
    public static String keyOf(Span s) {
        DependencyRoute r = of(s);
        return r == null ? null : r.toString();
    }

    @Override
    public String toString() {
        return method + " " + authority + template;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
