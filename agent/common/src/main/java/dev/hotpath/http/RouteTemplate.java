package dev.hotpath.http;

/**
 * A route for requests whose framework gives no template: the path with ids normalised, so
 * {@code /customers/42/orders} and {@code /customers/7/orders} are one endpoint. The agent and the
 * collector (for other SDKs' spans) both name endpoints with it, so one path is one endpoint everywhere.
 */
public final class RouteTemplate {
    public static final int MAX_LENGTH = 256;
    static final int MAX_SEGMENTS = 16;

    private RouteTemplate() {
    }

    /** Accepts a path, a request target or a full URL (scheme and authority are dropped). */
    public static String fromPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int scheme = path.indexOf("://");
        if (scheme > 0 && scheme < path.indexOf('/')) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        for (char cut : new char[] {'?', ';', '#'}) { // query, matrix/session params, fragment
            int i = path.indexOf(cut);
            if (i >= 0) {
                path = path.substring(0, i);
            }
        }
        StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_LENGTH) + 8);
        int segments = 0;
        int i = 0;
        int n = path.length();
        while (i < n) {
            if (path.charAt(i) == '/') {
                i++;
                continue;
            }
            int end = path.indexOf('/', i);
            if (end < 0) {
                end = n;
            }
            if (++segments > MAX_SEGMENTS) {
                out.append("/{...}");
                break;
            }
            out.append('/');
            if (isIdentifier(path, i, end)) {
                out.append("{id}");
            } else {
                out.append(path, i, end);
            }
            if (out.length() > MAX_LENGTH) {
                out.setLength(MAX_LENGTH);
                out.append("...");
                break;
            }
            i = end;
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Digits, a UUID, or a long hex/base64-ish token with at least one digit. */
    static boolean isIdentifier(String s, int from, int to) {
        int len = to - from;
        boolean allDigits = true;
        boolean allHexOrDash = true;
        boolean anyDigit = false;
        int dashes = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            anyDigit |= digit;
            allDigits &= digit;
            boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (c == '-') {
                dashes++;
            } else if (!hex) {
                allHexOrDash = false;
            }
        }
        if (allDigits && len > 0) {
            return true;
        }
        if (allHexOrDash && len == 36 && dashes == 4) {
            return true; // UUID
        }
        return allHexOrDash && anyDigit && dashes == 0 && len >= 16;
    }
}
