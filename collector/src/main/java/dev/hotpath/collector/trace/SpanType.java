package dev.hotpath.collector.trace;

/** What a span stands for in hotpath's terms ({@code hotpath.span.type}, or inferred for foreign SDKs). */
public enum SpanType {
    SERVER("server"), DB("db"), DB_CONNECTION_ACQUIRE("db.connection.acquire"), HTTP_CLIENT("http.client"), OTHER("other");

    private final String wireName;

    SpanType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SpanType fromWireName(String s) {
        for (SpanType t : values()) {
            if (t.wireName.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
