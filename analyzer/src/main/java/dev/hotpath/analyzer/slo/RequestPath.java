package dev.hotpath.analyzer.slo;

import java.util.Locale;

/**
 * Playbook paths: the submit path mutates state (POST, PUT, PATCH, DELETE), the access path reads it
 * (GET, and HEAD, a GET without body). Anything else (OPTIONS, non-HTTP roots "-") is in neither SLO.
 */
public enum RequestPath {
    SUBMIT, ACCESS, OTHER;

    public static RequestPath of(String method) {
        if (method == null) {
            return OTHER;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT", "PATCH", "DELETE" -> SUBMIT;
            case "GET", "HEAD" -> ACCESS;
            default -> OTHER;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
