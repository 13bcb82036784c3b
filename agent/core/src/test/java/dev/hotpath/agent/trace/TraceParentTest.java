package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceParentTest {

    @Test
    void parsesAValidHeader() {
        TraceParent p = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", Ids.hex(p.traceIdHigh()) + Ids.hex(p.traceIdLow()));
        assertEquals("00f067aa0ba902b7", Ids.hex(p.spanId()));
        assertTrue(p.sampled());
        assertEquals("congo=t61rcWkgMzE", p.traceState());
        assertFalse(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", null).sampled());
    }

    @Test
    void rejectsInvalidHeaders() {
        assertNull(TraceParent.parse(null, null));
        assertNull(TraceParent.parse("garbage", null));
        assertNull(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null));
        assertNull(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", null));
        assertNull(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", null));
        assertNull(TraceParent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null));
        assertNull(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", null));
        assertNull(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", null));
    }

    @Test
    void acceptsFutureVersionsWithExtraFields() {
        TraceParent p = TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what", null);
        assertEquals("00f067aa0ba902b7", Ids.hex(p.spanId()));
    }
}
