package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OutgoingTraceContextTest {
    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-";

    private static LocalTrace trace(String traceparent, String tracestate) {
        return new LocalTrace(TraceParent.parse(traceparent, tracestate), 7, System.nanoTime(), 0);
    }

    @Test
    void continuesOurTraceWithTheClientSpanAsParent() {
        LocalTrace t = trace(null, null);
        OutgoingTraceContext c = OutgoingTraceContext.decide(t, 0xabcL, null, null);
        assertEquals("00-" + t.traceIdHex() + "-0000000000000abc-00", c.traceparent());
        assertNull(c.tracestate(), "no inbound tracestate: none sent");
        assertEquals(c.traceparent(), c.traceparent().toLowerCase());
        assertEquals(55, c.traceparent().length());
        TraceParent parsed = TraceParent.parse(c.traceparent(), null);
        assertEquals(0xabcL, parsed.spanId(), "what we send is what a downstream agent parses");
    }

    @Test
    void passesTheCallersSampledFlagAndTracestateOn() {
        LocalTrace t = trace(CALLER + "01", "vendor=a1,other=b2");
        OutgoingTraceContext c = OutgoingTraceContext.decide(t, 0x1234L, null, null);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000001234-01", c.traceparent());
        assertEquals("vendor=a1,other=b2", c.tracestate());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000001234-00",
                OutgoingTraceContext.decide(trace(CALLER + "00", null), 0x1234L, null, null).traceparent());
    }

    @Test
    void leavesHeadersTheApplicationSetAlone() {
        LocalTrace t = trace(CALLER + "01", "vendor=a1");
        assertNull(OutgoingTraceContext.decide(t, 1, "00-11111111111111111111111111111111-2222222222222222-01", null),
                "the application (or another tracer) propagates its own context");
        OutgoingTraceContext c = OutgoingTraceContext.decide(t, 1, null, "mine=1");
        assertNull(c.tracestate(), "a tracestate the application set is not overwritten");
        assertNull(OutgoingTraceContext.decide(null, 1, null, null), "outside a recorded request: nothing");
        assertNull(OutgoingTraceContext.decide(t, 0, null, null));
    }
}
