package dev.hotpath.analyzer.doc;

import java.util.regex.Pattern;

/** Trace-viewer links from a URL template such as {@code http://jaeger:16686/trace/{traceId}} (null: no links). */
public record TraceLinks(String template) {
    /** A W3C trace id written bare in report text. */
    public static final Pattern TRACE_ID = Pattern.compile("(?<![0-9a-zA-Z])[0-9a-f]{32}(?![0-9a-zA-Z])");

    public static TraceLinks none() {
        return new TraceLinks(null);
    }

    public boolean enabled() {
        return template != null && !template.isBlank();
    }

    public String url(String traceId) {
        return template.contains("{traceId}") ? template.replace("{traceId}", traceId) : template + traceId;
    }
}
