package dev.hotpath.collector.ingest;

import dev.hotpath.collector.trace.Span;
import java.util.List;

/**
 * An OTLP/HTTP trace request body (already read and gunzipped) -> spans: the decoder {@code POST /v1/traces}
 * uses, public so benchmarks run exactly that path without a socket.
 */
public final class OtlpTraceBodies {
    private OtlpTraceBodies() {
    }

    /** {@code json}: OTLP JSON, else protobuf ExportTraceServiceRequest. */
    public static List<Span> decode(boolean json, byte[] body) throws RejectedRequest {
        return json ? OtlpJsonDecoder.decode(body) : OtlpProtobufDecoder.decode(body);
    }
}
