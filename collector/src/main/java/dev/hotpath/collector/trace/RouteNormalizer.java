package dev.hotpath.collector.trace;

import java.util.regex.Pattern;

/**
 * Turns a raw URL path into a route when the span carries no {@code http.route}: numeric ids,
 * UUIDs and long hex tokens become {@code {id}}, so {@code /orders/42} and {@code /orders/43} are
 * one endpoint and the endpoint table stays bounded.
 */
public final class RouteNormalizer {
    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LONG_HEX = Pattern.compile("[0-9a-fA-F]{16,}");

    private RouteNormalizer() {
    }

    public static String normalize(String pathOrTarget) {
        if (pathOrTarget == null || pathOrTarget.isEmpty()) {
            return "/";
        }
        String path = stripSchemeAndHost(pathOrTarget);
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        if (path.isEmpty()) {
            return "/";
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(isId(segments[i]) ? "{id}" : segments[i]);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static boolean isId(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        return NUMERIC.matcher(segment).matches()
                || UUID.matcher(segment).matches()
                || LONG_HEX.matcher(segment).matches();
    }

    private static String stripSchemeAndHost(String s) {
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return s;
        }
        int slash = s.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : s.substring(slash);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
