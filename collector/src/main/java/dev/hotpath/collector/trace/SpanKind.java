package dev.hotpath.collector.trace;

/** OpenTelemetry span kind; OTLP numbers 0..5 in declaration order. */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

    public static SpanKind fromOtlpNumber(int n) {
        SpanKind[] all = values();
        return n >= 0 && n < all.length ? all[n] : UNSPECIFIED;
    }

    /** Accepts "SPAN_KIND_SERVER", "SERVER" or "server"; unknown names give UNSPECIFIED. */
    public static SpanKind fromOtlpName(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("SPAN_KIND_")) {
            n = n.substring("SPAN_KIND_".length());
        }
        for (SpanKind k : values()) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        return UNSPECIFIED;
    }
}
