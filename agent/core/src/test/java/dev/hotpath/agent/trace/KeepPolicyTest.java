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
    void baseRateIsDecidedByTheTraceIdSoEveryServiceKeepsTheSameTraces() {
        KeepPolicy frontend = new KeepPolicy(5, 0, 0.1);
        KeepPolicy backend = new KeepPolicy(5, 0, 0.1);
        int kept = 0;
        for (int i = 0; i < 2_000; i++) {
            LocalTrace root = trace(null);
            String traceparent = "00-" + root.traceIdHex() + "-00f067aa0ba902b7-00"; // not sampled by the caller
            String first = frontend.decide(root, MS, false, Long.MAX_VALUE);
            assertEquals(first, backend.decide(trace(traceparent), MS, false, Long.MAX_VALUE), "same trace id, same decision");
            kept += first == null ? 0 : 1;
        }
        assertEquals(0.1, kept / 2_000.0, 0.03);
        // the low 63 bits decide: just below and just above the bound of 0.5
        KeepPolicy half = new KeepPolicy(5, 0, 0.5);
        assertEquals(KeepPolicy.BASE_RATE, half.decide(trace("00-00000000000000003fffffffffffffff-00f067aa0ba902b7-00"), MS, false, Long.MAX_VALUE));
        assertNull(half.decide(trace("00-00000000000000004000000000000000-00f067aa0ba902b7-00"), MS, false, Long.MAX_VALUE));
    }

    @Test
    void longPoolWaitIsKept() {
        KeepPolicy policy = new KeepPolicy(5, 0, 0.0);
        LocalTrace waited = trace(null);
        waited.poolWaitNanos = 3 * MS;
        assertEquals(KeepPolicy.POOL_WAIT, policy.decide(waited, 10 * MS, false, 50 * MS));
        waited.poolWaitNanos = MS;
        assertNull(policy.decide(waited, 10 * MS, false, 50 * MS), "10% of the request waiting is not suspicious");
    }

    @Test
    void continuesTheCallersTraceId() {
        LocalTrace t = trace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceIdHex());
        assertEquals(0x00f067aa0ba902b7L, t.remoteParentSpanId);
    }
}
