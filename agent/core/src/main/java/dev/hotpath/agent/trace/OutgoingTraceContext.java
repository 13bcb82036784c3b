package dev.hotpath.agent.trace;

/**
 * The W3C trace context an outgoing request carries: our trace id, the client span as parent, the
 * caller's sampled flag (our own keep decision is made only when the request ends), and the
 * inbound {@code tracestate} when there was one. Headers the application (or another tracer)
 * already set are left alone: it owns its propagation.
 */
public record OutgoingTraceContext(String traceparent, String tracestate) {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** What to add to a request that already has these header values (null: absent); null means add nothing. */
    public static OutgoingTraceContext decide(LocalTrace trace, long clientSpanId, String existingTraceparent,
                                              String existingTracestate) {
        if (trace == null || clientSpanId == 0 || existingTraceparent != null) {
            return null;
        }
        String state = existingTracestate == null ? trace.traceState : null;
        return new OutgoingTraceContext(traceparent(trace, clientSpanId), state);
    }

    static String traceparent(LocalTrace trace, long parentSpanId) {
        return "00-" + trace.traceIdHex() + "-" + Ids.hex(parentSpanId) + (trace.upstreamSampled ? "-01" : "-00");
    }
}
