package dev.hotpath.collector.trace;

import java.util.Locale;

/** An endpoint: HTTP method + route template. Non-HTTP roots use method "-" and the span name. */
public record Endpoint(String method, String route) {

    public static final String NON_HTTP_METHOD = "-";

    /** Playbook terms: state-changing methods are the submit path, reads are the access path. */
    public String path() {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT", "PATCH", "DELETE" -> "submit";
            default -> "access";
        };
    }

    @Override
    public String toString() {
        return method + " " + route;
    }
}
