package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeepPolicyTest {
    private static final long MS = 1_000_000;

    private static LocalTrace trace(String traceparent) {
        return new LocalTrace(TraceParent.parse(traceparent, null), 1, System.nanoTime(), 0);
    }

    @Test
    void keepsWhatIsInterestingAndDropsTheRestAtRateZero() {
        KeepPolicy policy = new KeepPolicy(5, 0, 0.0);
        LocalTrace plain = trace(null);
        assertNull(policy.decide(plain, 10 * MS, false, 50 * MS));
        assertEquals(KeepPolicy.ERROR, policy.decide(plain, 10 * MS, true, 50 * MS));
        assertEquals(KeepPolicy.SLOW, policy.decide(plain, 60 * MS, false, 50 * MS));

        LocalTrace repeated = trace(null);
        repeated.maxRepeats = 5;
        assertEquals(KeepPolicy.REPEATED_STATEMENT, policy.decide(repeated, 10 * MS, false, 50 * MS));
        repeated.maxRepeats = 3;
        assertNull(policy.decide(repeated, 10 * MS, false, 50 * MS), "2-3 repeats are not suspicious");

        LocalTrace sampled = trace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertEquals(KeepPolicy.UPSTREAM_SAMPLED, policy.decide(sampled, 10 * MS, false, 50 * MS));
    }

    @Test
    void sloMakesARequestSlowBeforeTheRouteHasAP95() {
        KeepPolicy policy = new KeepPolicy(5, 200, 0.0);
        assertEquals(KeepPolicy.SLOW, policy.decide(trace(null), 250 * MS, false, Long.MAX_VALUE));
        assertNull(policy.decide(trace(null), 150 * MS, false, Long.MAX_VALUE));
    }

    @Test
    void baseRateKeepsAboutThatShare() {
        KeepPolicy policy = new KeepPolicy(5, 0, 0.25);
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            if (policy.decide(trace(null), MS, false, Long.MAX_VALUE) != null) {
                kept++;
            }
        }
        assertEquals(0.25, kept / 20_000.0, 0.02);
    }

    @Test
    void continuesTheCallersTraceId() {
        LocalTrace t = trace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceIdHex());
        assertEquals(0x00f067aa0ba902b7L, t.remoteParentSpanId);
    }
}
