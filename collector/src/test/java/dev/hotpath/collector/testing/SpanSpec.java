package dev.hotpath.collector.testing;

import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.SpanKind;
import dev.hotpath.collector.trace.SpanNormalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A span as a test describes it; turns into a collector {@link Span} or into OTLP (see {@link Otlp}). */
public record SpanSpec(String service, String traceId, String spanId, String parentSpanId, String name, SpanKind kind,
                       long startNanos, long endNanos, boolean error, Map<String, Object> attributes) {

    public Span toSpan() {
        return SpanNormalizer.normalize(traceId, spanId, parentSpanId, name, kind, startNanos, endNanos, error,
                Map.of("service.name", service), attributes);
    }

    public static List<Span> toSpans(List<SpanSpec> specs) {
        return specs.stream().map(SpanSpec::toSpan).toList();
    }

    static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
